/**
 * Calendar decisions of the view models at fixed instants next to a month boundary, a year
 * boundary and Paris's daylight-saving changes, in Europe/Paris and in UTC. Node reads `TZ` again
 * when it changes, so each zone is set for its own block and restored after. Instants are built on
 * the zone's own calendar (`new Date(y, m, d, hh)`), as a user there would live them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ageInYears } from '../src/model/patient.ts';
import { isOverdue } from '../src/model/ppcs.ts';

const ZONES = ['Europe/Paris', 'UTC'];
const local = (y: number, m: number, d: number, hh = 12, mm = 0): number => new Date(y, m - 1, d, hh, mm).getTime();

for (const zone of ZONES) {
  describe(`calendar in ${zone}`, () => {
    let previous: string | undefined;
    before(() => {
      previous = process.env.TZ;
      process.env.TZ = zone;
    });
    after(() => {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    });

    it('the zone is in force', () => {
      const offset = new Date(2026, 6, 1).getTimezoneOffset();
      assert.equal(offset, zone === 'UTC' ? 0 : -120);
    });

    it('an action due on a date is overdue only once that day is over, across a year boundary', () => {
      assert.equal(isOverdue('scheduled', '2026-12-31', local(2026, 12, 31, 23, 59)), false);
      assert.equal(isOverdue('scheduled', '2026-12-31', local(2027, 1, 1, 0, 1)), true);
    });

    it('an action due the day Paris moves to summer time (a 23-hour day) is not overdue at 23:30', () => {
      assert.equal(isOverdue('in-progress', '2026-03-29', local(2026, 3, 29, 23, 30)), false);
      assert.equal(isOverdue('in-progress', '2026-03-29', local(2026, 3, 30, 0, 30)), true);
    });

    it('an action due the day Paris moves back to winter time (a 25-hour day) stays due all day', () => {
      assert.equal(isOverdue('scheduled', '2026-10-25', local(2026, 10, 25, 23, 30)), false);
      assert.equal(isOverdue('scheduled', '2026-10-25', local(2026, 10, 26, 0, 0)), true);
    });

    it('a finished or cancelled action is never overdue', () => {
      assert.equal(isOverdue('done', '2026-01-01', local(2027, 1, 4)), false);
      assert.equal(isOverdue('cancelled', '2026-01-01', local(2027, 1, 4)), false);
    });

    it('a date-time due is overdue from that instant', () => {
      const due = new Date(local(2026, 11, 30, 18)).toISOString();
      assert.equal(isOverdue('scheduled', due, local(2026, 11, 30, 17, 59)), false);
      assert.equal(isOverdue('scheduled', due, local(2026, 11, 30, 18, 0)), true);
    });

    it('a birthday counts from midnight on the local calendar, on the first of a month and of a year', () => {
      assert.equal(ageInYears('1950-01-01', new Date(local(2026, 12, 31, 23, 59))), 76);
      assert.equal(ageInYears('1950-01-01', new Date(local(2027, 1, 1, 0, 1))), 77);
      assert.equal(ageInYears('1960-03-01', new Date(local(2026, 2, 28, 23, 0))), 65);
      assert.equal(ageInYears('1960-03-01', new Date(local(2026, 3, 1, 0, 30))), 66);
    });
  });
}
