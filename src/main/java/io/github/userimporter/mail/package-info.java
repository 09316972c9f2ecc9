/**
 * Mail to HR and the site admins: each import's report, and the alerts a person must act on, queued in the state
 * folder and sent over SMTP until they go through, apart from the imports, which never wait for mail. May use
 * {@code ops}.
 */
package io.github.userimporter.mail;
