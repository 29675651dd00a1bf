package org.quantrac.portal.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished response body, built off the event loop.
 *
 * @param maxAgeSeconds Cache-Control max-age; 0 means {@code no-cache} (revalidate with the ETag every time)
 */
public record ApiResponse(int status, String contentType, byte[] body, int maxAgeSeconds,
                          Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String GEOJSON = "application/geo+json; charset=utf-8";
    public static final String CSV = "text/csv; charset=utf-8";

    public static ApiResponse ok(String contentType, byte[] body, int maxAgeSeconds) {
        return new ApiResponse(200, contentType, body, maxAgeSeconds, Map.of());
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), 0, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, maxAgeSeconds, h);
    }
}
