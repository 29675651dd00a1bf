package org.quantrac.portal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.station.Station;
import org.quantrac.portal.config.PortalConfig.Licence;
import org.quantrac.portal.query.Limits;

/** JSON shapes shared by the endpoints: licence, station, parameter, QC flags, AQI. */
public final class Views {

    private Views() {
    }

    public static void licence(JsonGenerator g, Licence l) throws IOException {
        g.writeObjectFieldStart("licence");
        g.writeStringField("name", l.name());
        g.writeStringField("url", l.url());
        g.writeStringField("attribution", l.attribution());
        g.writeStringField("dataUse", l.dataUse());
        g.writeEndObject();
    }

    /** Station fields (inside an object already started). */
    public static void stationFields(JsonGenerator g, Station s, boolean withParameters) throws IOException {
        g.writeNumberField("id", s.id());
        g.writeStringField("code", s.code());
        g.writeStringField("name", s.name() == null ? s.code() : s.name());
        g.writeStringField("kind", s.kind().name());
        g.writeStringField("medium", s.kind().medium().name());
        g.writeStringField("district", s.district());
        g.writeNumberField("latitude", s.latitude());
        g.writeNumberField("longitude", s.longitude());
        g.writeNumberField("intervalSeconds", s.interval().toSeconds());
        g.writeBooleanField("aqiEligible", s.aqiEligible());
        g.writeStringField("limitClass", s.limitClass().orElse(null));
        if (withParameters) {
            g.writeArrayFieldStart("parameters");
            for (Parameter p : s.parameters()) {
                g.writeStartObject();
                parameterFields(g, p);
                Optional<Limits> limit = Limits.of(s, p);
                if (limit.isPresent()) {
                    g.writeObjectFieldStart("limit");
                    Json.nullableNumber(g, "lower", limit.get().lower());
                    Json.nullableNumber(g, "upper", limit.get().upper());
                    g.writeStringField("averaging", limit.get().averaging());
                    g.writeStringField("regulation", limit.get().regulation());
                    g.writeEndObject();
                } else {
                    g.writeNullField("limit");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    public static void parameterFields(JsonGenerator g, Parameter p) throws IOException {
        g.writeNumberField("id", p.id());
        g.writeStringField("medium", p.medium().name());
        g.writeStringField("symbol", p.symbol());
        g.writeStringField("name", p.name());
        g.writeStringField("unit", p.unit());
    }

    public static void qcFlags(JsonGenerator g, int mask) throws IOException {
        g.writeArrayFieldStart("qcFlags");
        for (QcFlag f : QcFlag.of(mask)) {
            g.writeString(f.name());
        }
        g.writeEndArray();
    }

    /** Flag names joined by {@code |} for CSV. */
    public static String qcFlagsText(int mask) {
        Set<QcFlag> flags = QcFlag.of(mask);
        StringBuilder sb = new StringBuilder();
        for (QcFlag f : flags) {
            sb.append(sb.length() == 0 ? "" : "|").append(f.name());
        }
        return sb.toString();
    }

    public static void aqiBand(JsonGenerator g, Integer aqi) throws IOException {
        if (aqi == null) {
            g.writeNullField("band");
            return;
        }
        AqiBand b = AqiBand.of(aqi);
        g.writeObjectFieldStart("band");
        g.writeStringField("name", b.name());
        g.writeStringField("colour", b.colour());
        g.writeStringField("vi", b.vietnamese());
        g.writeStringField("en", b.english());
        g.writeEndObject();
    }
}
