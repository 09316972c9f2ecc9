package io.github.userimporter.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server on loopback (Apache MINA SSHD), as an HR system's would be: user {@code hr} logs in with an
 * ed25519 key; the server proves itself with an ECDSA host key. Its files live under {@link #root}.
 */
final class SftpServer implements AutoCloseable {

    static final String USER = "hr";

    final Path root;
    final Path privateKeyFile;
    final Path knownHosts;
    static final String PASSWORD = "pass-7c1e(x)";

    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final int port;
    private SshServer server;

    SftpServer(Path folder, int port) throws IOException, GeneralSecurityException {
        this.root = Files.createDirectories(folder.resolve("sftp-root"));
        this.port = port;
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        privateKeyFile = folder.resolve("id_ed25519");
        try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "importer", null, out);
        }
        knownHosts = folder.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine(hostKey));
    }

    /** The line ssh-keyscan would print for this server. */
    private String knownHostsLine(KeyPair key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    /** Writes a known_hosts file that holds another key for this server, as after a man in the middle. */
    Path knownHostsWithAnotherKey(Path file) throws IOException, GeneralSecurityException {
        return Files.writeString(file, knownHostsLine(KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256,
                256)));
    }

    /** Writes a private key this server does not accept. */
    Path keyItDoesNotKnow(Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(KeyUtils.generateKeyPair(
                    KeyPairProvider.SSH_ED25519, 256), "stranger", null, out);
        }
        return file;
    }

    SftpServer start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return this;
    }

    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** {@code IMPORTER_SFTP_URL} for a folder under the root. */
    String url(String folder) {
        return "sftp://" + USER + "@127.0.0.1:" + port + "/" + folder;
    }

    Path folder(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
