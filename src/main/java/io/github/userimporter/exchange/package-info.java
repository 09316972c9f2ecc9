/**
 * What the routes and the beans pass each other on an exchange, named once: {@code ExchangeProperties}. Uses nothing.
 */
package io.github.userimporter.exchange;
