package io.github.userimporter.cluster;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's role among the instances on the shared folders. Camel's {@code master:} consumers start and stop
 * the taking of files as the role changes; what they cannot stop, the rows of an import already under way, the
 * given hand-over does as soon as the role is lost.
 */
public final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final CamelClusterService service;
    /** The ZooKeeper client, whose connection says at once when leadership may be gone; null with the file lock. */
    private final CuratorFramework zookeeper;
    private volatile Runnable handOver;
    private volatile boolean leader;

    private Leadership(CamelClusterService service, CuratorFramework zookeeper) {
        this.service = service;
        this.zookeeper = zookeeper;
    }

    /** Stands for election: adds the cluster service (and its ZooKeeper client) to Camel, which starts them. */
    public static Leadership join(CamelContext context, ClusterSettings cluster, Path state) throws Exception {
        if (cluster.service() == ClusterSettings.Service.FILE) {
            FileLockClusterService files = cluster.fileLockService(state);
            context.addService(files);
            return new Leadership(files, null);
        }
        CuratorFramework client = cluster.zookeeperClient();
        // Started before the service and closed after it: Camel stops services in the reverse order
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                client.start();
            }

            @Override
            protected void doStop() {
                client.close();
            }
        });
        ZooKeeperClusterService zookeeperService = cluster.zookeeperService(client);
        context.addService(zookeeperService);
        return new Leadership(zookeeperService, client);
    }

    /**
     * Follows the election once Camel has started the service.
     *
     * @param handOver stops the imports in progress when leadership is lost, for the new leader to resume
     */
    public void watch(Runnable handOver) throws Exception {
        this.handOver = handOver;
        CamelClusterView view = service.getView(ClusterSettings.NAMESPACE);
        view.addEventListener((CamelClusterEventListener.Leadership) (changed, member) -> changed(view,
                member != null && member.isLocal()));
        if (zookeeper != null) {
            // Curator's advice: a leader must count a suspended connection as lost leadership. Camel's own event
            // comes only once ZooKeeper answers again, seconds later, when another instance may already lead
            zookeeper.getConnectionStateListenable().addListener((client, state) -> {
                if (!state.isConnected()) {
                    changed(view, false);
                } else if (state == ConnectionState.RECONNECTED && !leader) {
                    rejoin(view);
                }
            });
        }
        changed(view, view.getLocalMember().isLeader());
    }

    public boolean isLeader() {
        return leader;
    }

    private synchronized void changed(CamelClusterView view, boolean now) {
        if (now == leader) {
            return;
        }
        leader = now;
        if (now) {
            LOG.info("This instance ({}) is now the leader: it takes the files", service.getId());
            return;
        }
        LOG.warn("This instance ({}) is no longer the leader: it sends no more rows and writes no more outcomes; "
                + "the leader resumes what it was importing", service.getId());
        handOver.run();
    }

    /**
     * Stands again for election once ZooKeeper is back. Curator's leader selector, under Camel's ZooKeeper view, does
     * not queue again by itself once its leadership was taken away: without this, an instance that lost the
     * leadership once would never lead again.
     */
    private void rejoin(CamelClusterView view) {
        Thread rejoin = new Thread(() -> {
            try {
                view.stop();
                view.start();
            } catch (RuntimeException e) {
                LOG.error("This instance cannot stand for leader again: {}", e.getMessage(), e);
            }
        }, "cluster-rejoin");
        rejoin.setDaemon(true);
        rejoin.start();
    }
}
