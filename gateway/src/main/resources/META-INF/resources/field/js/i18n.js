// Every visible label in Chinese (first, the default) and English. t(key, params) in the current language;
// both(key, params) gives "中文 · English" for the few messages a worker must never misread (status, saved).
// The language is kept in IndexedDB (meta 'lang') and sent to the server as Accept-Language, so the server's
// validation messages come back in it.

const TEXT = {
  title: ['社区排查', 'Field screening'],
  allSent: ['全部已发送', 'All sent'],
  loading: ['正在加载…', 'Loading…'],
  startFailed: ['应用无法启动：{reason}。请重新打开；已保存的记录仍在手机上。',
    'The app could not start: {reason}. Open it again; saved records are still on the phone.'],
  attention: ['{n} 条被退回或有冲突，请在待发送中处理', '{n} refused or in conflict: see the outbox'],
  andAttention: ['；另有 {n} 条需处理', '; {n} more need attention'],
  waitingOldest: ['{n} 条待发送，最早 {age}', '{n} waiting, oldest {age}'],
  syncing: ['正在发送 {n} 条…', 'Sending {n}…'],
  offline: ['离线：{n} 条待发送，最早 {age}', 'Offline: {n} waiting, oldest {age}'],
  signInNeeded: ['需要登录才能发送：{n} 条待发送，最早 {age}', 'Sign in to send: {n} waiting, oldest {age}'],
  ageNow: ['刚刚', 'just now'],
  ageMin: ['{n} 分钟前', '{n} min'],
  ageHour: ['{n} 小时前', '{n} h'],
  ageDay: ['{n} 天前', '{n} d'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  signOutRefused: ['还有 {n} 条记录未发送，发送完成后才能退出或换人登录。',
    '{n} records are not sent yet: sign-out and switching user wait until they are.'],
  switchRefused: ['还有未发送的记录，请用 {login} 登录。', 'Records are waiting: please sign in as {login}.'],
  signInFailed: ['登录失败：{reason}', 'Sign-in failed: {reason}'],
  signInPrompt: ['请先登录：登录后才能查看任务和录入（之后离线也能用）。',
    'Sign in first: the work list and data entry need a sign-in (then they work offline).'],
  signInToRecord: ['请先登录再录入', 'Sign in before recording'],
  signedOutOffline: ['已在本机退出。未能通知服务器（可能离线）：服务器上的登录会在到期后失效（闲置最多 8 天）。',
    'Signed out on this phone. The server could not be told (offline?): the session there ends by its expiry (at most 8 idle days).'],
  notForRole: ['您的角色不能使用此功能（志愿者：筛查、走访和打卡）', 'Not for your role (volunteers: screenings, visits and check-ins)'],
  syncNow: ['立即发送', 'Sync now'],
  lang: ['English', '中文'],
  updateReady: ['新版本已就绪', 'A new version is ready'],
  updateNow: ['更新', 'Update'],
  updateBlocked: ['请先保存正在填写的内容', 'Save the form you are filling in first'],
  storageLow: ['存储空间快用完了（已用 {pct}%）：请尽快联网发送。', 'Storage almost full ({pct}% used): go online and send soon.'],
  storageNotPersisted: ['浏览器可能会清除离线数据：请安装本应用。', 'The browser may clear offline data: install the app.'],
  navWork: ['任务', 'Work'],
  navOutbox: ['待发送', 'Outbox'],
  navNewHousehold: ['新登记住户', 'New household'],
  community: ['社区代码', 'Community code'],
  useCommunity: ['确定', 'Use'],
  refreshWork: ['刷新任务', 'Refresh work'],
  workFetchedAt: ['任务更新于 {time}', 'Work list of {time}'],
  workNone: ['还没有任务清单：联网并登录后刷新。', 'No work list yet: refresh when online and signed in.'],
  workFailed: ['无法刷新任务：{reason}', 'Could not refresh the work list: {reason}'],
  truncated: ['任务清单不完整：本社区住户太多，只列出了 {n} 户。请告知上级。',
    'The work list is incomplete: too many households in this community, only {n} listed. Tell your supervisor.'],
  campaign: ['入户排查任务', 'Door-to-door campaign'],
  noCampaign: ['没有进行中的入户排查任务', 'No open door-to-door campaign'],
  households: ['住户', 'Households'],
  unreached: ['未走访', 'Not reached'],
  localOnly: ['尚未发送', 'Not sent yet'],
  quarantines: ['今日待打卡的隔离/健康监测', 'Quarantine check-ins due today'],
  checkIn: ['打卡', 'Check in'],
  checkInSaved: ['打卡已保存', 'Check-in saved'],
  lastCheckIn: ['上次打卡 {time}', 'last check-in {time}'],
  residents: ['居民', 'Residents'],
  resident: ['居民', 'Resident'],
  temperature: ['体温 (°C)', 'Temperature (°C)'],
  symptoms: ['症状', 'Symptoms'],
  travelHistory: ['旅居史', 'Travel history'],
  contactWithCase: ['接触病例', 'Contact with a case'],
  outcome: ['结果', 'Outcome'],
  visitOutcome: ['走访结果', 'Visit'],
  noVisitCampaign: ['（本户不在进行中的排查任务内，走访不会上报）', '(not a household of an open campaign: the visit is not reported)'],
  save: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  nothingToSave: ['没有要保存的内容', 'Nothing to save'],
  notSaved: ['未保存：{reason}', 'Not saved: {reason}'],
  notANumber: ['请输入数字', 'Enter a number'],
  unsaved: ['有未保存的内容', 'Unsaved input'],
  addResident: ['添加居民', 'Add resident'],
  editResident: ['修改', 'Edit'],
  name: ['姓名', 'Name'],
  phone: ['手机', 'Phone'],
  birthYear: ['出生年份', 'Year of birth'],
  sex: ['性别', 'Sex'],
  sexNone: ['—', '—'],
  elderlyAlone: ['独居老人', 'Elderly, alone'],
  chronicIllness: ['慢性病', 'Chronic illness'],
  pregnant: ['孕期', 'Pregnant'],
  disability: ['残疾', 'Disability'],
  grid: ['网格', 'Grid'],
  building: ['楼栋', 'Building'],
  unit: ['单元', 'Unit'],
  room: ['房号', 'Room'],
  registerHousehold: ['登记住户', 'Register household'],
  householdUnknown: ['找不到这户（请刷新任务）', 'Household not found (refresh the work list)'],
  back: ['返回', 'Back'],
  outbox: ['待发送与回执', 'Outbox and receipts'],
  outboxEmpty: ['没有记录', 'No records'],
  receipt: ['回执 {id} · {time}', 'Receipt {id} · {time}'],
  duplicate: ['（服务器已有，未重复保存）', '(already on the server, not stored twice)'],
  attempts: ['已尝试 {n} 次', '{n} attempts'],
  discard: ['放弃此记录', 'Discard'],
  resend: ['重新发送', 'Send again'],
  lastError: ['上次未发出：{reason}（稍后自动重试）', 'Not sent last time: {reason} (tried again later)'],
  discardConfirm: ['确定放弃这条记录？它不会被发送。', 'Discard this record? It will not be sent.'],
  blockedBy: ['所依赖的记录被拒绝', 'The record it depends on was refused'],
  waitsFor: ['等待所依赖的记录先发送', 'Waits for the record it depends on'],
  conflict: ['服务器上的资料已被他人修改', 'Changed on the server meanwhile'],
  mine: ['我的版本', 'Mine'],
  server: ['服务器版本', 'Server'],
  keepMine: ['保留我的', 'Keep mine'],
  keepServer: ['采用服务器的', 'Keep server'],
  correct: ['更正', 'Correct'],
  reason: ['更正原因', 'Reason'],
  correctionSaved: ['更正已保存', 'Correction saved'],
  serverError: ['服务器拒绝：{detail}', 'Refused: {detail}'],
  'state.waiting': ['待发送', 'waiting'],
  'state.sent': ['已发送', 'sent'],
  'state.refused': ['被拒绝', 'refused'],
  'state.conflict': ['冲突', 'conflict'],
  'state.blocked': ['受阻', 'blocked'],
  'kind.screening': ['筛查', 'Screening'],
  'kind.visit': ['走访', 'Visit'],
  'kind.household': ['住户登记', 'Household'],
  'kind.resident': ['居民登记', 'Resident'],
  'kind.check-in': ['隔离打卡', 'Check-in'],
  'kind.correction': ['更正', 'Correction'],
  'kind.resident-update': ['居民资料修改', 'Resident update'],
  'outcome.NORMAL': ['正常', 'Normal'],
  'outcome.FEVER': ['发热', 'Fever'],
  'outcome.SUSPECTED': ['疑似', 'Suspected'],
  'outcome.REFERRED': ['转诊', 'Referred'],
  'visit.SCREENED': ['已筛查', 'Screened'],
  'visit.NOBODY_HOME': ['无人在家', 'Nobody home'],
  'visit.REFUSED': ['拒绝', 'Refused'],
  'visit.MOVED': ['已搬走', 'Moved'],
  'visit.NONE': ['不报走访', 'No visit'],
  'sex.FEMALE': ['女', 'Female'],
  'sex.MALE': ['男', 'Male'],
  'symptom.COUGH': ['咳嗽', 'Cough'],
  'symptom.SORE_THROAT': ['咽痛', 'Sore throat'],
  'symptom.RUNNY_NOSE': ['流涕', 'Runny nose'],
  'symptom.SHORTNESS_OF_BREATH': ['气促', 'Short of breath'],
  'symptom.FATIGUE': ['乏力', 'Fatigue'],
  'symptom.MUSCLE_ACHE': ['肌肉酸痛', 'Muscle ache'],
  'symptom.HEADACHE': ['头痛', 'Headache'],
  'symptom.CHILLS': ['寒战', 'Chills'],
  'symptom.LOSS_OF_TASTE_OR_SMELL': ['嗅觉/味觉减退', 'Loss of taste/smell'],
  'symptom.DIARRHEA': ['腹泻', 'Diarrhoea'],
  'kindq.HOME': ['居家隔离', 'Home quarantine'],
  'kindq.CENTRALISED': ['集中隔离', 'Centralised'],
  'kindq.HEALTH_MONITORING': ['健康监测', 'Health monitoring'],
  signedInAs: ['{login}', '{login}'],
  notSignedIn: ['未登录', 'Not signed in'],
};

export const LANGS = ['zh-CN', 'en'];
let current = 'zh-CN';

export function setLang(lang) {
  current = LANGS.includes(lang) ? lang : 'zh-CN';
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

export function lang() {
  return current;
}

function fill(s, params) {
  return s.replace(/\{(\w+)\}/g, (m, k) => (params && params[k] !== undefined ? String(params[k]) : m));
}

export function t(key, params) {
  const row = TEXT[key];
  if (!row) return key;
  return fill(row[current === 'en' ? 1 : 0], params);
}

/** Chinese · English in Chinese mode (the worker's and the supervisor's language), English alone in English mode. */
export function both(key, params) {
  const row = TEXT[key];
  if (!row) return key;
  return current === 'en' ? fill(row[1], params) : fill(row[0], params) + ' · ' + fill(row[1], params);
}

/** "5 分钟前" / "5 min" for an age in milliseconds; bothLangs gives the pair for the status bar. */
export function age(ms, bothLangs = false) {
  const f = bothLangs ? both : t;
  const min = Math.floor(ms / 60000);
  if (min < 1) return f('ageNow');
  if (min < 60) return f('ageMin', { n: min });
  if (min < 48 * 60) return f('ageHour', { n: Math.floor(min / 60) });
  return f('ageDay', { n: Math.floor(min / 1440) });
}

export function ageParts(ms) {
  const min = Math.floor(ms / 60000);
  const pick = i => {
    if (min < 1) return TEXT.ageNow[i];
    if (min < 60) return fill(TEXT.ageMin[i], { n: min });
    if (min < 48 * 60) return fill(TEXT.ageHour[i], { n: Math.floor(min / 60) });
    return fill(TEXT.ageDay[i], { n: Math.floor(min / 1440) });
  };
  return { zh: pick(0), en: pick(1) };
}

/** Like both(), with {age} filled per language. */
export function bothWithAge(key, params, ms) {
  const a = ageParts(ms);
  const row = TEXT[key];
  const zh = fill(row[0], { ...params, age: a.zh });
  const en = fill(row[1], { ...params, age: a.en });
  return current === 'en' ? en : zh + ' · ' + en;
}
