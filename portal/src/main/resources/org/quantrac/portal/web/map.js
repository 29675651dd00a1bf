// The province drawn locally as inline SVG (no tiles, no internet): an approximate outline of Quảng Ninh and its
// main islands, stations placed by their catalog coordinates (equirectangular, scaled by cos(latitude)).
const MAP = {
  lon0: 106.35, lon1: 108.15, lat0: 20.80, lat1: 21.75, width: 900,
  outline: [[106.43,21.10],[106.55,21.20],[106.70,21.27],[106.85,21.33],[107.00,21.40],[107.15,21.50],
    [107.30,21.62],[107.45,21.68],[107.60,21.63],[107.75,21.58],[107.90,21.56],[108.07,21.53],[108.02,21.45],
    [107.85,21.38],[107.70,21.28],[107.55,21.18],[107.45,21.05],[107.35,20.97],[107.20,20.90],[107.05,20.88],
    [106.90,20.90],[106.75,20.93],[106.62,20.97],[106.48,21.02]],
  islands: [[107.77,20.98,0.05,0.025],[107.45,21.05,0.06,0.04],[107.60,21.02,0.04,0.02]]
};
MAP.kx = Math.cos((MAP.lat0 + MAP.lat1) / 2 * Math.PI / 180);
MAP.scale = MAP.width / ((MAP.lon1 - MAP.lon0) * MAP.kx);
MAP.height = Math.round((MAP.lat1 - MAP.lat0) * MAP.scale);
function mapX(lon) { return (lon - MAP.lon0) * MAP.kx * MAP.scale; }
function mapY(lat) { return (MAP.lat1 - lat) * MAP.scale; }
const SVG_NS = 'http://www.w3.org/2000/svg';
function svgEl(name, attrs) {
  const e = document.createElementNS(SVG_NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}
function drawMap(container, stations, onClick) {
  const svg = svgEl('svg', { viewBox: `0 0 ${MAP.width} ${MAP.height}`, role: 'img' });
  svg.appendChild(svgEl('rect', { x: 0, y: 0, width: MAP.width, height: MAP.height, class: 'sea' }));
  const pts = MAP.outline.map(p => `${mapX(p[0]).toFixed(1)},${mapY(p[1]).toFixed(1)}`).join(' ');
  const outline = svgEl('polygon', { points: pts, class: 'province' });
  outline.appendChild(svgEl('title', {})).textContent = t('outline');
  svg.appendChild(outline);
  MAP.islands.forEach(i => svg.appendChild(svgEl('ellipse', { cx: mapX(i[0]), cy: mapY(i[1]),
    rx: i[2] * MAP.kx * MAP.scale, ry: i[3] * MAP.scale, class: 'province' })));
  stations.forEach(s => {
    const c = svgEl('circle', { cx: mapX(s.longitude).toFixed(1), cy: mapY(s.latitude).toFixed(1), r: 5,
      class: 'station offline', 'data-code': s.code, fill: '#aaa' });
    c.appendChild(svgEl('title', {})).textContent = `${s.code} — ${s.name}`;
    c.addEventListener('click', () => onClick(s));
    svg.appendChild(c);
  });
  container.replaceChildren(svg);
}
