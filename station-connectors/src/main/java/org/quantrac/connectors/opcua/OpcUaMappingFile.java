package org.quantrac.connectors.opcua;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * The OPC UA mapping file ({@code connectors.opcua.mappingFile}), checked against the catalog on load:
 * <pre>
 * stations:
 *   - station: QN-ST-01
 *     endpoint: opc.tcp://10.1.2.3:4840/cems
 *     samplingIntervalMs: 60000          # optional, default the station's interval
 *     statusNode: "nsu=urn:vendor:cems;s=Status"   # optional
 *     security: Basic256Sha256                      # optional, default None
 *     username: quantrac                            # optional, default anonymous
 *     passwordEnv: QUANTRAC_OPCUA_QN_ST_01_PASSWORD # or password: … in the file
 *     nodes:
 *       - {node: "nsu=urn:vendor:cems;s=Dust", parameter: Dust}
 *       - {node: "nsu=urn:vendor:cems;s=SO2", parameter: SO2, unit: ppm}
 * </pre>
 */
public final class OpcUaMappingFile {

    private OpcUaMappingFile() {
    }

    private record FileContent(List<Entry> stations) {
    }

    private record Entry(String station, String endpoint, Long samplingIntervalMs, String statusNode,
                         List<OpcUaStationMapping.NodeMapping> nodes, String security, String username,
                         String password, String passwordEnv) {
    }

    public static List<OpcUaStationMapping> load(Path file, StationCatalog catalog) {
        return load(file, catalog, System.getenv());
    }

    /** @param env where {@code passwordEnv} names are looked up */
    public static List<OpcUaStationMapping> load(Path file, StationCatalog catalog, Map<String, String> env) {
        FileContent content;
        try {
            content = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(file.toFile(), FileContent.class);
        } catch (IOException e) {
            throw new ConfigException("OPC UA mapping file " + file + " is not valid: " + e.getMessage());
        }
        if (content == null || content.stations() == null || content.stations().isEmpty()) {
            throw new ConfigException("OPC UA mapping file " + file + " lists no stations");
        }
        List<OpcUaStationMapping> mappings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Entry e : content.stations()) {
            String where = "OPC UA mapping file " + file + ", station " + e.station();
            Station station = catalog.byCode(String.valueOf(e.station())).orElseThrow(() -> new ConfigException(
                    where + ": not in the station catalog"));
            if (!seen.add(station.code())) {
                throw new ConfigException(where + ": listed twice");
            }
            if (e.endpoint() == null || !e.endpoint().startsWith("opc.tcp://")) {
                throw new ConfigException(where + ": endpoint must be opc.tcp://host:port/path, not " + e.endpoint());
            }
            if (e.nodes() == null || e.nodes().isEmpty()) {
                throw new ConfigException(where + ": maps no nodes");
            }
            for (OpcUaStationMapping.NodeMapping n : e.nodes()) {
                if (station.parameter(n.parameter()).isEmpty()) {
                    throw new ConfigException(where + ": node " + n.node() + " maps to '" + n.parameter()
                            + "', which the station does not measure");
                }
            }
            Duration sampling = e.samplingIntervalMs() == null ? station.interval()
                    : Duration.ofMillis(e.samplingIntervalMs());
            OpcUaStationMapping.Security security;
            try {
                security = e.security() == null ? OpcUaStationMapping.Security.NONE
                        : OpcUaStationMapping.Security.valueOf(e.security().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(where + ": security must be None or Basic256Sha256, not " + e.security());
            }
            String password = e.password();
            if (e.passwordEnv() != null) {
                password = env.get(e.passwordEnv());
                if (password == null) {
                    throw new ConfigException(where + ": the environment variable " + e.passwordEnv()
                            + " (passwordEnv) is not set");
                }
            }
            if (e.username() != null && password == null) {
                throw new ConfigException(where + ": username " + e.username() + " needs password or passwordEnv");
            }
            mappings.add(new OpcUaStationMapping(station.code(), e.endpoint(), sampling,
                    Optional.ofNullable(e.statusNode()), e.nodes(), security, Optional.ofNullable(e.username()),
                    Optional.ofNullable(e.username() == null ? null : password)));
        }
        return mappings;
    }
}
