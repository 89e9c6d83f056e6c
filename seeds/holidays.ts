/**
 * Mexican federal non-working days for a year: the statutory rest days of the Ley Federal del Trabajo
 * (art. 74) plus the days the federal public administration customarily closes (Holy Thursday and Friday,
 * 2 November, 12 December). Admins can edit the table; this only fills it.
 */
export function mexicanFederalHolidays(year: number): Array<{ date: string; name: string }> {
  const d = (m: number, day: number) => `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const nthMonday = (month: number, n: number) => {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const offset = (8 - first) % 7; // days from the 1st to the first Monday
    return d(month, 1 + offset + 7 * (n - 1));
  };
  const easter = easterSunday(year);
  const shift = (days: number) => new Date(easter.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const list = [
    { date: d(1, 1), name: 'Año Nuevo' },
    { date: nthMonday(2, 1), name: 'Día de la Constitución' },
    { date: nthMonday(3, 3), name: 'Natalicio de Benito Juárez' },
    { date: shift(-3), name: 'Jueves Santo' },
    { date: shift(-2), name: 'Viernes Santo' },
    { date: d(5, 1), name: 'Día del Trabajo' },
    { date: d(9, 16), name: 'Día de la Independencia' },
    { date: d(11, 2), name: 'Día de Muertos' },
    { date: nthMonday(11, 3), name: 'Día de la Revolución' },
    { date: d(12, 12), name: 'Día de la Virgen de Guadalupe' },
    { date: d(12, 25), name: 'Navidad' },
  ];
  if ((year - 2024) % 6 === 0) list.push({ date: d(10, 1), name: 'Transmisión del Poder Ejecutivo Federal' });
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm), at 00:00 UTC. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}
