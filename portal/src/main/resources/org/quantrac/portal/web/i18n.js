// Vietnamese (default) and English texts; the choice is kept in localStorage.
const I18N = {
  vi: {
    'title': 'Quan trắc môi trường tự động Quảng Ninh', 'nav.map': 'Bản đồ', 'nav.tech': 'Kỹ thuật viên',
    'nav.api': 'Dữ liệu mở (API)', 'live.on': 'Trực tiếp', 'live.off': 'Chưa kết nối', 'stations': 'Trạm',
    'online': 'Trực tuyến', 'offline': 'Mất kết nối', 'alerts.open': 'Cảnh báo đang mở', 'alerts.none': 'Không có', 'ack': 'Xác nhận',
    'filter': 'Lọc…', 'back': '← Bản đồ', 'days7': '7 ngày', 'limit': 'Giới hạn', 'noData': 'Không có dữ liệu',
    'login.title': 'Đăng nhập kỹ thuật viên', 'login.user': 'Tài khoản', 'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập', 'login.failed': 'Sai tài khoản hoặc mật khẩu', 'login.as': 'Đăng nhập:',
    'logout': 'Đăng xuất', 'health.title': 'Tình trạng trạm', 'all': 'Tất cả', 'h.code': 'Mã trạm',
    'h.district': 'Địa bàn', 'h.online': 'Kết nối', 'h.lastSeen': 'Lần cuối', 'h.rate': 'Bản tin/phút',
    'h.completeness': 'Đầy đủ hôm nay', 'h.status': 'Trạng thái', 'h.alerts': 'Cảnh báo', 'h.buffer': 'Bộ đệm',
    'messages': 'Bản tin gần nhất', 'timeline': 'Diễn biến 24 giờ', 'dead': 'Bản tin bị từ chối (DLQ)',
    'ev.GAP': 'Mất dữ liệu', 'ev.CALIBRATION': 'Hiệu chuẩn', 'ev.DEVICE_ERROR': 'Lỗi thiết bị', 'aqi': 'AQI', 'outline': 'Ranh giới tỉnh (gần đúng)',
    'status.00': 'Đang đo', 'status.01': 'Hiệu chuẩn', 'status.02': 'Lỗi thiết bị', 'noAqi': 'Không có AQI (trạm không đủ điều kiện hoặc thiếu dữ liệu)',
    'licence': 'Dữ liệu: CC BY 4.0 — Sở Nông nghiệp và Môi trường Quảng Ninh. Dữ liệu tự động, chưa được thẩm định.'
  },
  en: {
    'title': 'Quảng Ninh automatic environmental monitoring', 'nav.map': 'Map', 'nav.tech': 'Technicians',
    'nav.api': 'Open data (API)', 'live.on': 'Live', 'live.off': 'Not connected', 'stations': 'Stations',
    'online': 'Online', 'offline': 'Offline', 'alerts.open': 'Open alerts', 'alerts.none': 'None', 'ack': 'Acknowledge',
    'filter': 'Filter…', 'back': '← Map', 'days7': '7 days', 'limit': 'Limit', 'noData': 'No data',
    'login.title': 'Technician login', 'login.user': 'User', 'login.password': 'Password',
    'login.submit': 'Log in', 'login.failed': 'Wrong user name or password', 'login.as': 'Logged in as',
    'logout': 'Log out', 'health.title': 'Station health', 'all': 'All', 'h.code': 'Station',
    'h.district': 'District', 'h.online': 'Online', 'h.lastSeen': 'Last seen', 'h.rate': 'Messages/min',
    'h.completeness': 'Completeness today', 'h.status': 'Status', 'h.alerts': 'Open alerts', 'h.buffer': 'Buffer',
    'messages': 'Last messages', 'timeline': 'Last 24 hours', 'dead': 'Rejected messages (DLQ)',
    'ev.GAP': 'Gap', 'ev.CALIBRATION': 'Calibration', 'ev.DEVICE_ERROR': 'Device error', 'aqi': 'AQI', 'outline': 'Province outline (approximate)',
    'status.00': 'Measuring', 'status.01': 'Calibrating', 'status.02': 'Device error', 'noAqi': 'No AQI (station not eligible or not enough data)',
    'licence': 'Data: CC BY 4.0 — Quảng Ninh Department of Agriculture and Environment. Automatic data, not validated.'
  }
};
let LANG = localStorage.getItem('quantrac.lang') || 'vi';
function t(key) { return (I18N[LANG] && I18N[LANG][key]) || I18N.vi[key] || key; }
function applyI18n() {
  document.documentElement.lang = LANG;
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.getElementById('lang').textContent = LANG === 'vi' ? 'EN' : 'VI';
}
