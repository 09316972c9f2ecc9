package io.github.userimporter.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * How instances elect their leader.
 *
 * @param service   {@code file}: a lock in the shared state folder; {@code zookeeper}: a ZooKeeper ensemble
 * @param zookeeper the ensemble's servers, {@code host:port,...}; null for the file lock
 * @param lease     how long a leader that has gone silent keeps its leadership: a standby takes over no sooner
 */
public record ClusterSettings(Service service, String zookeeper, Duration lease) {

    /** The namespace the instances elect a leader in; every consumer that takes work is in it. */
    public static final String NAMESPACE = "atlassian-user-importer";

    /** The cluster services the importer can elect its leader with. */
    public enum Service { FILE, ZOOKEEPER }

    /**
     * Without the lock file being touched for five lock intervals, the leader counts as gone (Camel's
     * {@code heartbeatTimeoutMultiplier}); a leader that cannot touch it gives up leadership at once.
     */
    static final int HEARTBEATS_PER_LEASE = 5;

    /** The prefix that puts a consumer's URI behind the leader election ({@code master:}), or none. */
    public static String consumerPrefix(ClusterSettings cluster) {
        return cluster == null ? "" : "master:" + NAMESPACE + ":";
    }

    /** The file-lock service, its lock and heartbeat under {@code state}. */
    FileLockClusterService fileLockService(Path state) {
        FileLockClusterService files = new FileLockClusterService();
        files.setId(memberId());
        files.setRoot(state.resolve("cluster").toString());
        files.setAcquireLockInterval(lockInterval().toMillis(), TimeUnit.MILLISECONDS);
        files.setAcquireLockDelay(lockInterval().toMillis(), TimeUnit.MILLISECONDS);
        files.setHeartbeatTimeoutMultiplier(HEARTBEATS_PER_LEASE);
        return files;
    }

    /** The ZooKeeper client: its session, and the leadership with it, ends this long after it went silent. */
    CuratorFramework zookeeperClient() {
        return CuratorFrameworkFactory.builder().connectString(zookeeper).sessionTimeoutMs((int) lease.toMillis())
                .connectionTimeoutMs((int) Math.min(lease.toMillis(), 15_000))
                .retryPolicy(new ExponentialBackoffRetry(1000, 3)).build();
    }

    /** The ZooKeeper service over the given client. */
    ZooKeeperClusterService zookeeperService(CuratorFramework client) {
        ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
        configuration.setCuratorFramework(client);
        ZooKeeperClusterService zookeeperService = new ZooKeeperClusterService(configuration);
        zookeeperService.setId(memberId());
        zookeeperService.setBasePath("/" + NAMESPACE);
        return zookeeperService;
    }

    /** Names this instance in logs and in ZooKeeper: its host and process. */
    private static String memberId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** How often the file-lock leader touches its lock, and a standby looks at it. */
    Duration lockInterval() {
        return lease.dividedBy(HEARTBEATS_PER_LEASE);
    }
}
