package org.quantrac.core.config;

/** A configuration value is missing or wrong; the message says which key, what was given and what is expected. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
