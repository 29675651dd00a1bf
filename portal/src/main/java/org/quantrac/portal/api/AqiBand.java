package org.quantrac.portal.api;

/** VN_AQI bands of Decision 1459/QĐ-TCMT with their official colours (US AQI uses the same index ranges). */
public enum AqiBand {
    GOOD(50, "#00e400", "Tốt", "Good"),
    MODERATE(100, "#ffff00", "Trung bình", "Moderate"),
    POOR(150, "#ff7e00", "Kém", "Poor"),
    BAD(200, "#ff0000", "Xấu", "Bad"),
    VERY_BAD(300, "#8f3f97", "Rất xấu", "Very bad"),
    HAZARDOUS(Integer.MAX_VALUE, "#7e0023", "Nguy hại", "Hazardous");

    private final int upper;
    private final String colour;
    private final String vi;
    private final String en;

    AqiBand(int upper, String colour, String vi, String en) {
        this.upper = upper;
        this.colour = colour;
        this.vi = vi;
        this.en = en;
    }

    public static AqiBand of(int aqi) {
        for (AqiBand b : values()) {
            if (aqi <= b.upper) {
                return b;
            }
        }
        return HAZARDOUS;
    }

    public String colour() {
        return colour;
    }

    public String vietnamese() {
        return vi;
    }

    public String english() {
        return en;
    }
}
