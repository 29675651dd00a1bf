#!/usr/bin/env python3
"""Generates core/src/main/resources/org/quantrac/core/catalog/stations.yaml.

The catalog is SYNTHETIC: a plausible Quang Ninh-like network (140 stations), not the department's real list.
Run once and commit the output; the file, not this script, is the source of truth (edit it by hand later).
"""
import random

random.seed(20211010)

# District/town -> (latitude, longitude) of its centre, inside Quang Ninh province.
DISTRICTS = {
    "Hạ Long": (20.955, 107.075), "Cẩm Phả": (21.015, 107.290), "Uông Bí": (21.035, 106.775),
    "Móng Cái": (21.525, 107.965), "Quảng Yên": (20.940, 106.805), "Đông Triều": (21.085, 106.515),
    "Vân Đồn": (21.070, 107.425), "Tiên Yên": (21.330, 107.400), "Hải Hà": (21.450, 107.750),
    "Đầm Hà": (21.350, 107.600), "Bình Liêu": (21.530, 107.400), "Ba Chẽ": (21.270, 107.280),
    "Cô Tô": (20.980, 107.765),
}

AIR = ["PM2,5", "PM10", "TSP", "SO2", "NO2", "NO", "CO", "O3", "Temp", "RH", "WS", "WD", "P", "SR", "Rain"]
STACK = ["Dust", "SO2", "NOx", "CO", "O2", "Temp", "Flow"]
SURFACE = ["Temp", "pH", "DO", "EC", "TSS", "COD", "NH4", "NO3", "PO4", "TOC", "Level"]
COASTAL = ["Temp", "pH", "Salinity", "DO", "Turbidity", "TSS"]
WASTE = ["Flow", "pH", "Temp", "TSS", "COD", "NH4", "Color"]
MINE = WASTE + ["Fe", "Mn"]

# (kind, prefix, count, districts, names, parameters, interval s, protocols)
PLAN = [
    ("AMBIENT_AIR", "AQ", 24, ["Hạ Long"] * 6 + ["Cẩm Phả"] * 5 + ["Uông Bí"] * 4 + ["Móng Cái"] * 2 +
     ["Quảng Yên"] * 2 + ["Đông Triều"] * 2 + ["Vân Đồn", "Tiên Yên", "Cô Tô"], None, AIR, 60,
     ["MQTT_JSON", "MQTT_TT10"]),
    ("STACK_EMISSION", "ST", 22, None, None, STACK, 60, ["OPCUA", "MQTT_JSON", "TT10_FILE"]),
    ("SURFACE_WATER", "SW", 18, None, None, SURFACE, 300, ["MQTT_JSON", "TT10_FILE", "MQTT_TT10"]),
    ("COASTAL_WATER", "CW", 14, ["Hạ Long"] * 4 + ["Cẩm Phả"] * 2 + ["Vân Đồn"] * 3 + ["Quảng Yên", "Móng Cái",
     "Cô Tô", "Hải Hà", "Đầm Hà"], None, COASTAL, 300, ["MQTT_JSON", "OPCUA"]),
    ("WASTEWATER", "WW", 62, None, None, None, 300, ["TT10_FILE", "MQTT_TT10", "MQTT_JSON", "OPCUA"]),
]

STACK_SITES = [
    ("Nhiệt điện Quảng Ninh", "Hạ Long"), ("Nhiệt điện Mông Dương 1", "Cẩm Phả"), ("Nhiệt điện Mông Dương 2", "Cẩm Phả"),
    ("Nhiệt điện Cẩm Phả", "Cẩm Phả"), ("Nhiệt điện Uông Bí", "Uông Bí"), ("Nhiệt điện Thăng Long", "Hạ Long"),
    ("Xi măng Hạ Long", "Hạ Long"), ("Xi măng Thăng Long", "Hạ Long"), ("Xi măng Cẩm Phả", "Cẩm Phả"),
    ("Xi măng Lam Thạch", "Uông Bí"), ("Nhà máy gạch Đông Triều", "Đông Triều"),
]
RIVERS = [("Sông Diễn Vọng", "Hạ Long"), ("Sông Mông Dương", "Cẩm Phả"), ("Sông Uông", "Uông Bí"),
          ("Sông Ka Long", "Móng Cái"), ("Sông Chanh", "Quảng Yên"), ("Sông Kinh Thầy", "Đông Triều"),
          ("Sông Tiên Yên", "Tiên Yên"), ("Sông Ba Chẽ", "Ba Chẽ"), ("Hồ Yên Lập", "Quảng Yên"),
          ("Sông Đá Bạc", "Uông Bí"), ("Hồ Cao Vân", "Hạ Long"), ("Sông Hà Cối", "Hải Hà"),
          ("Sông Đầm Hà", "Đầm Hà"), ("Sông Tiên Yên hạ lưu", "Tiên Yên"), ("Sông Bạch Đằng", "Quảng Yên"),
          ("Sông Cẩm Phả", "Cẩm Phả"), ("Sông Vàng Danh", "Uông Bí"), ("Sông Bình Liêu", "Bình Liêu")]
COAST = ["Vịnh Hạ Long - Bãi Cháy", "Vịnh Hạ Long - Hòn Gai", "Vịnh Hạ Long - Tuần Châu", "Cảng Cái Lân",
         "Vịnh Bái Tử Long - Cửa Ông", "Cảng Cẩm Phả", "Vân Đồn - Cái Rồng", "Vân Đồn - Quan Lạn",
         "Vân Đồn - Minh Châu", "Cửa Nam Triệu", "Trà Cổ", "Cô Tô", "Cửa sông Hà Cối", "Cửa sông Đầm Hà"]
MINES = [("Than Hà Tu", "Hạ Long"), ("Than Núi Béo", "Hạ Long"), ("Than Hà Lầm", "Hạ Long"),
         ("Than Hòn Gai", "Hạ Long"), ("Than Giáp Khẩu", "Hạ Long"), ("Than Cọc Sáu", "Cẩm Phả"),
         ("Than Đèo Nai", "Cẩm Phả"), ("Than Cao Sơn", "Cẩm Phả"), ("Than Mông Dương", "Cẩm Phả"),
         ("Than Khe Chàm", "Cẩm Phả"), ("Than Dương Huy", "Cẩm Phả"), ("Than Thống Nhất", "Cẩm Phả"),
         ("Than Quang Hanh", "Cẩm Phả"), ("Than Hạ Long", "Cẩm Phả"), ("Than Vàng Danh", "Uông Bí"),
         ("Than Nam Mẫu", "Uông Bí"), ("Than Uông Bí", "Uông Bí"), ("Than Mạo Khê", "Đông Triều"),
         ("Than Hồng Thái", "Đông Triều"), ("Than Đồng Vông", "Uông Bí"), ("Than Khe Sim", "Cẩm Phả"),
         ("Than Tây Nam Đá Mài", "Cẩm Phả"), ("Than Hoành Bồ", "Hạ Long"), ("Than Suối Lại", "Hạ Long"),
         ("Than Bình Minh", "Hạ Long"), ("Tuyển than Cửa Ông", "Cẩm Phả"), ("Tuyển than Hòn Gai", "Hạ Long"),
         ("Tuyển than Nam Cầu Trắng", "Hạ Long")]
INDUSTRY = [("KCN Cái Lân", "Hạ Long"), ("KCN Việt Hưng", "Hạ Long"), ("KCN Đông Mai", "Quảng Yên"),
            ("KCN Đầm Nhà Mạc", "Quảng Yên"), ("KCN Bắc Tiền Phong", "Quảng Yên"), ("KCN Sông Khoai", "Quảng Yên"),
            ("KCN Hải Yên", "Móng Cái"), ("KCN Texhong Hải Hà", "Hải Hà"), ("KCN Đông Triều", "Đông Triều"),
            ("KCN Hoành Bồ", "Hạ Long"), ("Nhà máy bia Hạ Long", "Hạ Long"), ("Nhà máy giấy Cẩm Phả", "Cẩm Phả"),
            ("XLNT Hà Khánh", "Hạ Long"), ("XLNT Bãi Cháy", "Hạ Long"), ("XLNT Cẩm Phả", "Cẩm Phả"),
            ("XLNT Uông Bí", "Uông Bí"), ("XLNT Móng Cái", "Móng Cái"), ("Nhà máy chế biến hải sản Vân Đồn", "Vân Đồn"),
            ("Bệnh viện Bãi Cháy", "Hạ Long"), ("Bệnh viện Cẩm Phả", "Cẩm Phả"), ("Cảng Cái Lân", "Hạ Long"),
            ("Đóng tàu Hạ Long", "Hạ Long"), ("Nhiệt điện Quảng Ninh - nước thải", "Hạ Long"),
            ("Nhiệt điện Mông Dương - nước thải", "Cẩm Phả"), ("Xi măng Thăng Long - nước thải", "Hạ Long"),
            ("Nhiệt điện Uông Bí - nước thải", "Uông Bí"), ("KCN Tiên Yên", "Tiên Yên"),
            ("Làng nghề Đông Triều", "Đông Triều"), ("Chợ đầu mối Hạ Long", "Hạ Long"), ("Nhà máy nước Diễn Vọng", "Hạ Long"),
            ("Nhà máy may Hải Hà", "Hải Hà"), ("KCN Phương Nam", "Uông Bí"), ("Chế biến gỗ Ba Chẽ", "Ba Chẽ"),
            ("Nhà máy Bình Liêu", "Bình Liêu")]


def jitter(district, spread=0.03):
    lat, lon = DISTRICTS[district]
    return round(lat + random.uniform(-spread, spread), 5), round(lon + random.uniform(-spread, spread), 5)


def y(s):
    return '"' + s.replace('"', '\\"') + '"'


lines = [
    "# Quantrac station catalog - SYNTHETIC DATA.",
    "# A plausible Quang Ninh-like network of 140 automatic stations generated for development, tests and demos",
    "# (tools/generate-catalog.py). Names, positions and assignments are invented; this is NOT the department's list.",
    "# Each station: numeric id (stable, used in the database), code (MQTT user name and Kafka key), kind, district,",
    "# position (WGS84), protocol (MQTT_JSON, MQTT_TT10, OPCUA, TT10_FILE), sampling interval in seconds, parameters",
    "# (Circular 10/2021 symbols, resolved within the kind's medium), AQI eligibility and the regulatory limit class",
    "# (QCVN 08:2023 A/B/C for surface water, QCVN 40 column A/B with Kq/Kf for wastewater).",
    "version: 1",
    "stations:",
]
sid = 0
for kind, prefix, count, districts, _, params, interval, protocols in PLAN:
    for i in range(count):
        sid += 1
        code = f"QN-{prefix}-{i + 1:02d}"
        extra = []
        if kind == "AMBIENT_AIR":
            district = districts[i]
            name = f"Quan trắc không khí {district} {i + 1:02d}"
            eligible = i < 14
            ps = params if i % 3 == 0 else [p for p in params if p not in ("TSP", "SR", "Rain")]
        elif kind == "STACK_EMISSION":
            site, district = STACK_SITES[i % len(STACK_SITES)]
            name = f"Khí thải {site} - ống khói {i // len(STACK_SITES) + 1}"
            eligible = False
            ps = params
        elif kind == "SURFACE_WATER":
            site, district = RIVERS[i]
            name = f"Nước mặt {site}"
            eligible = False
            ps = params
            extra.append(f"    limitClass: {['A', 'B', 'B', 'C'][i % 4]}")
        elif kind == "COASTAL_WATER":
            district = districts[i]
            name = f"Nước biển ven bờ {COAST[i]}"
            eligible = False
            ps = params
        else:
            if i < len(MINES):
                site, district = MINES[i]
                ps = MINE
                name = f"Nước thải mỏ {site}"
            else:
                site, district = INDUSTRY[i - len(MINES)]
                ps = WASTE
                name = f"Nước thải {site}"
            eligible = False
            extra.append(f"    limitClass: {'A' if i % 3 == 0 else 'B'}")
            extra.append(f"    kq: {random.choice([0.9, 1.0, 1.1, 1.2])}")
            extra.append(f"    kf: {random.choice([0.9, 1.0, 1.1])}")
        lat, lon = jitter(district, 0.012 if kind == "COASTAL_WATER" else 0.03)
        protocol = protocols[i % len(protocols)]
        lines += [
            f"  - id: {sid}",
            f"    code: {code}",
            f"    name: {y(name)}",
            f"    kind: {kind}",
            f"    district: {y(district)}",
            f"    latitude: {lat}",
            f"    longitude: {lon}",
            f"    protocol: {protocol}",
            f"    intervalSeconds: {interval}",
            f"    aqiEligible: {'true' if eligible else 'false'}",
            "    parameters: [" + ", ".join(y(p) for p in ps) + "]",
        ] + extra
assert sid == 140, sid
open("core/src/main/resources/org/quantrac/core/catalog/stations.yaml", "w", encoding="utf-8").write("\n".join(lines) + "\n")
print("wrote", sid, "stations")
