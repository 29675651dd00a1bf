package org.quantrac.portal.sta;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.station.Station;
import org.quantrac.portal.api.ApiContext;
import org.quantrac.portal.api.Json;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.NotFound;
import org.quantrac.portal.sta.StaObservations.Obs;

/** SensorThings entity JSON and lookups by id; one instance per request (it carries the request's base URL). */
final class StaEntities {

    /** A Datastream (and its Sensor): one parameter of one station. */
    record Ds(Station station, Parameter parameter) {
        long id() {
            return station.id() * 1000L + parameter.id();
        }
    }

    private static final String MEASUREMENT =
            "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";
    private static final int EXPANDED_OBSERVATIONS = 100;

    private final ApiContext api;
    private final String root;
    private final StaObservations observations;

    StaEntities(ApiContext api, String base, StaObservations observations) {
        this.api = api;
        this.root = base + SensorThingsApi.ROOT;
        this.observations = observations;
    }

    void root(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("value");
        for (String set : SensorThingsApi.SETS) {
            g.writeStartObject();
            g.writeStringField("name", set);
            g.writeStringField("url", root + "/" + set);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("serverSettings");
        g.writeArrayFieldStart("conformance");
        g.writeString("http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel");
        g.writeString("http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities");
        g.writeString("http://www.opengis.net/spec/iot_sensing/1.1/req/request-data");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    Object find(String set, String rawId) {
        String idText = rawId.replaceAll("^'(.*)'$", "$1");
        if (set.equals("Observations")) {
            String[] p = idText.split("-");
            if (p.length != 3 || !idText.matches("\\d+-\\d+-\\d+")) {
                throw new BadRequest("Observation ids look like '1-1-1763571600000' (station-parameter-epoch ms)");
            }
            Instant t = Instant.ofEpochMilli(Long.parseLong(p[2]));
            List<Obs> found = observations.find(Optional.of(Integer.parseInt(p[0])),
                    Optional.of(Integer.parseInt(p[1])), Optional.of(t), Optional.of(t.plusMillis(1)), false, 1, 0);
            if (found.isEmpty()) {
                throw new NotFound("no Observation " + idText);
            }
            return found.get(0);
        }
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new BadRequest(set + " ids are numbers, e.g. " + set + "(1)");
        }
        Optional<?> found = switch (set) {
            case "Things", "Locations" -> api.catalog().byId((int) id);
            case "Datastreams", "Sensors" -> api.catalog().byId((int) (id / 1000)).flatMap(s -> s.parameters()
                    .stream().filter(p -> p.id() == id % 1000).findFirst().map(p -> new Ds(s, p)));
            default -> api.catalog().parameters().all().stream().filter(p -> p.id() == id).findFirst();
        };
        return found.orElseThrow(() -> new NotFound("no " + set + "(" + id + ")"));
    }

    long id(String set, Object o) {
        if (o instanceof Station s) {
            return s.id();
        }
        if (o instanceof Ds d) {
            return d.id();
        }
        return ((Parameter) o).id();
    }

    String name(String set, Object o) {
        if (o instanceof Station s) {
            return s.name();
        }
        if (o instanceof Ds d) {
            return d.station().code() + " " + d.parameter().symbol();
        }
        return ((Parameter) o).name();
    }

    List<Object> datastreams(Station s) {
        List<Object> out = new ArrayList<>();
        s.parameters().forEach(p -> out.add(new Ds(s, p)));
        return out;
    }

    List<Object> datastreams(Parameter p) {
        List<Object> out = new ArrayList<>();
        api.catalog().all().forEach(s -> s.parameters().stream().filter(x -> x.id() == p.id())
                .forEach(x -> out.add(new Ds(s, x))));
        return out;
    }

    void write(JsonGenerator g, String set, Object o, List<String> expand) throws IOException {
        g.writeStartObject();
        switch (set) {
            case "Things" -> thing(g, (Station) o, expand);
            case "Locations" -> location(g, (Station) o, expand);
            case "Datastreams" -> datastream(g, (Ds) o, expand);
            case "Sensors" -> sensor(g, (Ds) o);
            case "ObservedProperties" -> observedProperty(g, (Parameter) o, expand);
            default -> observation(g, (Obs) o);
        }
        g.writeEndObject();
    }

    private void common(JsonGenerator g, String set, Object id) throws IOException {
        if (id instanceof String s) {
            g.writeStringField("@iot.id", s);
            g.writeStringField("@iot.selfLink", root + "/" + set + "('" + s + "')");
        } else {
            g.writeNumberField("@iot.id", ((Number) id).longValue());
            g.writeStringField("@iot.selfLink", root + "/" + set + "(" + id + ")");
        }
    }

    private void link(JsonGenerator g, String self, String nav) throws IOException {
        g.writeStringField(nav + "@iot.navigationLink", self + "/" + nav);
    }

    private void thing(JsonGenerator g, Station s, List<String> expand) throws IOException {
        common(g, "Things", s.id());
        g.writeStringField("name", s.name());
        g.writeStringField("description", s.kind() + " monitoring station " + s.code() + ", " + s.district());
        g.writeObjectFieldStart("properties");
        g.writeStringField("code", s.code());
        g.writeStringField("kind", s.kind().name());
        g.writeStringField("district", s.district());
        g.writeStringField("licence", api.config().licence().name());
        g.writeEndObject();
        String self = root + "/Things(" + s.id() + ")";
        if (expand.contains("Locations")) {
            g.writeArrayFieldStart("Locations");
            write(g, "Locations", s, List.of());
            g.writeEndArray();
        } else {
            link(g, self, "Locations");
        }
        if (expand.contains("Datastreams")) {
            g.writeArrayFieldStart("Datastreams");
            for (Object d : datastreams(s)) {
                write(g, "Datastreams", d, List.of());
            }
            g.writeEndArray();
        } else {
            link(g, self, "Datastreams");
        }
        link(g, self, "HistoricalLocations");
    }

    private void location(JsonGenerator g, Station s, List<String> expand) throws IOException {
        common(g, "Locations", s.id());
        g.writeStringField("name", s.code());
        g.writeStringField("description", s.name());
        g.writeStringField("encodingType", "application/geo+json");
        g.writeObjectFieldStart("location");
        g.writeStringField("type", "Point");
        g.writeArrayFieldStart("coordinates");
        g.writeNumber(s.longitude());
        g.writeNumber(s.latitude());
        g.writeEndArray();
        g.writeEndObject();
        if (expand.contains("Things")) {
            g.writeArrayFieldStart("Things");
            write(g, "Things", s, List.of());
            g.writeEndArray();
        } else {
            link(g, root + "/Locations(" + s.id() + ")", "Things");
        }
    }

    private void datastream(JsonGenerator g, Ds d, List<String> expand) throws IOException {
        common(g, "Datastreams", d.id());
        g.writeStringField("name", d.station().code() + " " + d.parameter().symbol());
        g.writeStringField("description", d.parameter().name() + " at " + d.station().name());
        g.writeObjectFieldStart("unitOfMeasurement");
        g.writeStringField("name", d.parameter().unit());
        g.writeStringField("symbol", d.parameter().unit());
        g.writeStringField("definition", "");
        g.writeEndObject();
        g.writeStringField("observationType", MEASUREMENT);
        String self = root + "/Datastreams(" + d.id() + ")";
        if (expand.contains("Thing")) {
            g.writeFieldName("Thing");
            write(g, "Things", d.station(), List.of());
        } else {
            link(g, self, "Thing");
        }
        if (expand.contains("Sensor")) {
            g.writeFieldName("Sensor");
            write(g, "Sensors", d, List.of());
        } else {
            link(g, self, "Sensor");
        }
        if (expand.contains("ObservedProperty")) {
            g.writeFieldName("ObservedProperty");
            write(g, "ObservedProperties", d.parameter(), List.of());
        } else {
            link(g, self, "ObservedProperty");
        }
        if (expand.contains("Observations")) {
            g.writeArrayFieldStart("Observations");
            for (Obs o : observations.find(Optional.of(d.station().id()), Optional.of(d.parameter().id()),
                    Optional.empty(), Optional.empty(), true, EXPANDED_OBSERVATIONS, 0)) {
                write(g, "Observations", o, List.of());
            }
            g.writeEndArray();
        } else {
            link(g, self, "Observations");
        }
    }

    private void sensor(JsonGenerator g, Ds d) throws IOException {
        common(g, "Sensors", d.id());
        g.writeStringField("name", d.parameter().symbol() + " analyser at " + d.station().code());
        g.writeStringField("description", "Automatic " + d.parameter().name() + " measurement");
        g.writeStringField("encodingType", "text/plain");
        g.writeStringField("metadata", "Circular 10/2021/TT-BTNMT automatic station, " + d.station().protocol());
        link(g, root + "/Sensors(" + d.id() + ")", "Datastreams");
    }

    private void observedProperty(JsonGenerator g, Parameter p, List<String> expand) throws IOException {
        common(g, "ObservedProperties", p.id());
        g.writeStringField("name", p.name());
        g.writeStringField("definition", "urn:quantrac:parameter:" + p.medium() + ":" + p.symbol());
        g.writeStringField("description", p.name() + " (" + p.symbol() + ", " + p.medium() + ")");
        if (expand.contains("Datastreams")) {
            g.writeArrayFieldStart("Datastreams");
            for (Object d : datastreams(p)) {
                write(g, "Datastreams", d, List.of());
            }
            g.writeEndArray();
        } else {
            link(g, root + "/ObservedProperties(" + p.id() + ")", "Datastreams");
        }
    }

    private void observation(JsonGenerator g, Obs o) throws IOException {
        String id = o.stationId() + "-" + o.parameterId() + "-" + o.time().toEpochMilli();
        common(g, "Observations", id);
        String t = Json.time(o.time(), ZoneOffset.UTC);
        g.writeStringField("phenomenonTime", t);
        g.writeStringField("resultTime", t);
        g.writeNumberField("result", o.value());
        g.writeArrayFieldStart("resultQuality");
        for (QcFlag f : QcFlag.of(o.qcFlags())) {
            g.writeString(f.name());
        }
        g.writeEndArray();
        g.writeObjectFieldStart("parameters");
        g.writeNumberField("status", o.status());
        g.writeEndObject();
        link(g, root + "/Observations('" + id + "')", "Datastream");
    }
}
