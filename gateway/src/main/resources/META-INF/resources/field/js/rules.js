// The outcome of a screening exactly as screening-service derives it (ScreeningRules.outcome), so the worker sees
// on the form what the server will store. Strongest first:
//   REFERRED  temperature ≥ the referral threshold (38.5 °C), or shortness of breath;
//   SUSPECTED a fever or a respiratory symptom together with travel history or contact with a case;
//   FEVER     temperature ≥ the fever threshold (37.3 °C);
//   NORMAL    otherwise.
// The thresholds are screening-service's defaults (screening.fever-threshold-celsius, …referral-threshold-celsius).
// Temperatures compare as decimals (the server uses BigDecimal), never as binary floating point.

export const SYMPTOMS = ['COUGH', 'SORE_THROAT', 'RUNNY_NOSE', 'SHORTNESS_OF_BREATH', 'FATIGUE', 'MUSCLE_ACHE',
  'HEADACHE', 'CHILLS', 'LOSS_OF_TASTE_OR_SMELL', 'DIARRHEA'];
export const RESPIRATORY = new Set(['COUGH', 'SORE_THROAT', 'RUNNY_NOSE', 'SHORTNESS_OF_BREATH', 'LOSS_OF_TASTE_OR_SMELL']);
export const FEVER_THRESHOLD = '37.3';
export const REFERRAL_THRESHOLD = '38.5';

const DECIMAL = /^[+-]?(\d+)(?:\.(\d+))?$/;

/** A typed temperature as a decimal string ("37,5" → "37.5"), or null when it is not a number. */
export function decimal(text) {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(',', '.');
  return DECIMAL.test(s) ? s : null;
}

/** Compares two decimal strings exactly: negative, zero or positive. */
export function compareDecimal(a, b) {
  const scale = 9;
  const big = s => {
    const [, int, frac = ''] = DECIMAL.exec(s);
    const digits = BigInt(int + (frac + '0'.repeat(scale)).slice(0, scale));
    const rest = frac.length > scale && /[1-9]/.test(frac.slice(scale)) ? 1n : 0n;
    const v = digits * 2n + rest; // a digit beyond the scale only matters as "a little more"
    return s.trim().startsWith('-') ? -v : v;
  };
  const x = big(a), y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** 'REFERRED' | 'SUSPECTED' | 'FEVER' | 'NORMAL', or null without a valid temperature. */
export function outcome(temperature, symptoms, travelHistory, contactWithCase,
  feverThreshold = FEVER_THRESHOLD, referralThreshold = REFERRAL_THRESHOLD) {
  const t = decimal(temperature);
  if (t === null) return null;
  const set = new Set(symptoms || []);
  const fever = compareDecimal(t, feverThreshold) >= 0;
  if (compareDecimal(t, referralThreshold) >= 0 || set.has('SHORTNESS_OF_BREATH')) return 'REFERRED';
  const respiratory = [...set].some(s => RESPIRATORY.has(s));
  if ((fever || respiratory) && (travelHistory || contactWithCase)) return 'SUSPECTED';
  return fever ? 'FEVER' : 'NORMAL';
}
