import { describe, expect, it } from 'vitest';
import { RuleValidationError, validateRules } from '../../server/alerts/rules/validate-rules.ts';
import { DEFAULT_RULES } from '../../server/alerts/rules/default-rules.ts';

const good = {
  id: 'p-low', name: '压力过低', kind: 'threshold', severity: 'major', type: 'pipe_leak', measurement: 'pipe', field: 'pressure_kpa',
  selector: { network: 'water_supply' }, op: '<', value: 150, forSeconds: 30, clearValue: 170,
};

function problems(rules: unknown): string {
  try {
    validateRules(rules);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleValidationError);
    return (e as Error).message;
  }
  throw new Error('expected the rules to be refused');
}

describe('rule validation', () => {
  it('accepts the default rule set unchanged', () => {
    expect(validateRules(JSON.parse(JSON.stringify(DEFAULT_RULES)))).toEqual(DEFAULT_RULES);
  });

  it.each([
    ['not an array', { rules: 1 }, 'must be a JSON array'],
    ['an unknown kind', [{ ...good, kind: 'magic' }], 'rule "p-low": field "kind": must be one of threshold, rate, no_data, count (got "magic")'],
    ['a bad id', [{ ...good, id: 'a b' }], 'rule #1: field "id"'],
    ['a duplicate id', [good, good], 'rule "p-low": field "id": the id is used by an earlier rule'],
    ['an unknown measurement', [{ ...good, measurement: 'weather' }], 'rule "p-low": field "measurement": must be one of energy, parking, parking_space, pipe, env'],
    ['a field of another measurement', [{ ...good, field: 'load_kw' }], 'rule "p-low": field "field": must be a field of pipe'],
    ['a negative duration', [{ ...good, forSeconds: -5 }], 'rule "p-low": field "forSeconds": must be a number of seconds from 0 to 86,400 (got -5)'],
    ['a clear value on the wrong side', [{ ...good, clearValue: 140 }], 'rule "p-low": field "clearValue": with "<" must be at or above value 150'],
    ['a misspelt field', [{ ...good, for_seconds: 30 }], 'rule "p-low": field "for_seconds": is not a field of a threshold rule'],
    ['a selector on an unknown tag', [{ ...good, selector: { building: 'b1' } }], 'rule "p-low": field "selector.building": is not a tag here; tags are neighbourhood, network, sensor'],
    ['an unknown severity', [{ ...good, severity: 'apocalyptic' }], 'rule "p-low": field "severity"'],
    ['an alert type nobody knows', [{ ...good, type: 'ufo' }], 'rule "p-low": field "type"'],
    ['"<" on a text field', [{ ...good, field: 'status', value: 'leak', clearValue: undefined }], 'rule "p-low": field "op": field "status" holds text: only "=" applies'],
    ['a rate without a window', [{ ...good, kind: 'rate', forSeconds: undefined }], 'rule "p-low": field "windowSeconds": must be a number of seconds from 10 to 86,400 (got nothing)'],
    ['a count of 1', [{ id: 'c', name: 'n', kind: 'count', severity: 'major', type: 'fire', count: 1, windowSeconds: 60 }], 'rule "c": field "count"'],
    ['a count grouped by a tag events lack', [{ id: 'c', name: 'n', kind: 'count', severity: 'major', type: 'fire', count: 3, windowSeconds: 60, groupBy: ['building'] }], 'rule "c": field "groupBy"'],
    ['no_data too short', [{ id: 's', name: 'n', kind: 'no_data', severity: 'info', type: 'sensor_offline', measurement: 'env', silentSeconds: 1 }], 'rule "s": field "silentSeconds"'],
    ['HTML as a rule id', [{ ...good, id: '<img src=x onerror=alert(1)>' }], 'rule #1: field "id": must be 1 to 64 letters, digits, "_", "-" or "." (got "<img src=x onerror=alert(1)>")'],
  ])('refuses %s, naming the rule and the field', (_name, rules, message) => {
    expect(problems(rules)).toContain(message);
  });

  it('reports every problem of a set at once', () => {
    const msg = problems([{ ...good, id: 'a', forSeconds: -1 }, { ...good, id: 'b', op: '!=' }]);
    expect(msg).toContain('2 problems');
    expect(msg).toContain('rule "a": field "forSeconds"');
    expect(msg).toContain('rule "b": field "op"');
  });

  it('keeps hostile names verbatim', () => {
    const name = `'; DROP TABLE alerts; -- <script>alert(1)</script>`;
    expect(validateRules([{ ...good, name }])[0].name).toBe(name);
  });
});
