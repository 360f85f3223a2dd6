import { expect } from '@open-wc/testing';
import { dayKeyOf, dayLabel } from '../chat/chat-rows.ts';
import { loadLang } from './i18n.ts';
import { formatRelative } from '../record/relative-time.ts';

/**
 * Calendar decisions at fixed instants next to a month boundary, a year boundary and the two
 * daylight-saving changes of Europe/Paris. Instants are built in the browser's own time zone, and
 * this file runs twice (Europe/Paris and UTC, web-test-runner.config.mjs).
 */
const local = (y: number, m: number, d: number, hh = 12, mm = 0): number => new Date(y, m - 1, d, hh, mm).getTime();
const key = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('calendar: today, yesterday and relative dates at the edges', () => {
  // Strings outside an element: English is fetched on demand, so load it first.
  before(() => loadLang('en'));

  const cases = [
    { name: 'just after midnight on the first day of a year', now: local(2027, 1, 1, 0, 10), yesterday: '2026-12-31', before: '2026-12-30' },
    { name: 'the first day of a month', now: local(2026, 12, 1, 8, 0), yesterday: '2026-11-30', before: '2026-11-29' },
    { name: 'just after midnight following the 23-hour day (spring DST)', now: local(2026, 3, 30, 0, 30), yesterday: '2026-03-29', before: '2026-03-28' },
    { name: 'just after midnight following the 25-hour day (autumn DST)', now: local(2026, 10, 26, 0, 30), yesterday: '2026-10-25', before: '2026-10-24' },
  ];
  for (const c of cases) {
    it(`${c.name}: "Aujourd'hui", "Hier", then the full date`, () => {
      expect(dayLabel('fr', key(c.now), c.now)).to.equal('Aujourd’hui');
      expect(dayLabel('fr', c.yesterday, c.now)).to.equal('Hier');
      expect(dayLabel('en', c.yesterday, c.now)).to.equal('Yesterday');
      const [y, m, d] = c.before.split('-').map(Number) as [number, number, number];
      expect(dayLabel('fr', c.before, c.now)).to.contain(String(d)).and.to.contain(String(y));
      expect(dayLabel('fr', c.before, c.now)).not.to.equal('Hier');
      expect(m).to.be.within(1, 12);
    });
  }

  it('a message sent at 23:59 and one at 00:01 the next day fall on different days', () => {
    const late = local(2026, 12, 31, 23, 59);
    const early = local(2027, 1, 1, 0, 1);
    expect(dayKeyOf({ time: late } as never)).to.equal('2026-12-31');
    expect(dayKeyOf({ time: early } as never)).to.equal('2027-01-01');
  });

  it('relative dates count from the injected now, not the wall clock', () => {
    const now = local(2027, 1, 4, 10);
    expect(formatRelative('fr', now - 3 * 86_400_000, now)).to.equal('il y a 3 jours');
    expect(formatRelative('en', now + 86_400_000, now)).to.equal('tomorrow');
  });
});
