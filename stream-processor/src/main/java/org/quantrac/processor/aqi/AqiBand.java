package org.quantrac.processor.aqi;

/**
 * The six colour bands shared by VN_AQI (Decision 1459/QĐ-TCMT) and the US AQI.
 *
 * @param vietnamese the category name in Decision 1459
 */
public enum AqiBand {
    GOOD(0, 50, "Tốt", 0, 228, 0),
    MODERATE(51, 100, "Trung bình", 255, 255, 0),
    POOR(101, 150, "Kém", 255, 126, 0),
    BAD(151, 200, "Xấu", 255, 0, 0),
    VERY_BAD(201, 300, "Rất xấu", 143, 63, 151),
    HAZARDOUS(301, 500, "Nguy hại", 126, 0, 35);

    private final int low;
    private final int high;
    private final String vietnamese;
    private final int red;
    private final int green;
    private final int blue;

    AqiBand(int low, int high, String vietnamese, int red, int green, int blue) {
        this.low = low;
        this.high = high;
        this.vietnamese = vietnamese;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    public static AqiBand of(int aqi) {
        for (AqiBand b : values()) {
            if (aqi <= b.high) {
                return b;
            }
        }
        return HAZARDOUS;
    }

    public int low() {
        return low;
    }

    public int high() {
        return high;
    }

    public String vietnamese() {
        return vietnamese;
    }

    /** CSS colour, e.g. {@code #00e400}. */
    public String hexColour() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }
}
