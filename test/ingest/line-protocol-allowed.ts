/**
 * Where the product differs from influxd on purpose: the rows of the table "Where /write differs
 * from InfluxDB" in docs/api.md, and the cases of the differential test that show each. A row
 * with `asInfluxdb` names the settings that make /write read as influxd does; the test runs
 * those cases again on a server with them and expects agreement there.
 */

export interface DifferenceRow {
  /** The row's first column in docs/api.md, word for word. */
  title: string;
  /** Environment settings under which this row's cases agree with influxd; none if no setting makes them agree. */
  asInfluxdb?: Record<string, string>;
}

export const DIFFERENCE_ROWS = {
  milliseconds: { title: 'Times are kept to the millisecond' },
  future: { title: 'Timestamps far ahead of the clock', asInfluxdb: { MAX_FUTURE_S: 'off' } },
  placement: { title: 'Family measurements need their placement tags', asInfluxdb: { PLACEMENT_TAGS: 'optional' } },
  names: { title: 'Names the InfluxDB store could not write back', asInfluxdb: { NAME_CHECK: 'off' } },
  unreadable: { title: 'Measurements InfluxQL cannot find again' },
  longLines: { title: 'Lines longer than 65,536 characters', asInfluxdb: { MAX_LINE_CHARS: '0' } },
  rollups: { title: 'The roll-up history is the server\'s own' },
  oneType: { title: 'One type per field for all time' },
  refusedFields: { title: 'A batch refused for a type conflict leaves no field behind' },
} satisfies Record<string, DifferenceRow>;

export type RowId = keyof typeof DIFFERENCE_ROWS;

const rows = (row: RowId, ids: string[]) => Object.fromEntries(ids.map((id) => [id, row]));

/** Case id → the row that explains why the product differs. */
export const ALLOWED_DIFFERENCES: Record<string, RowId> = {
  // Digits finer than a millisecond (influxd keeps nanoseconds).
  ...rows('milliseconds', [
    'go:ParsePointsUnbalancedQuotedTags#1', 'go:ParsePointNegativeTimestamp#1', 'go:ParsePointMinTimestamp#1',
    'go:ParsePointsWithPrecision#1', 'go:ParsePointsWithPrecision#2', 'go:ParsePointsWithPrecision#3',
    'go:ParsePointsWithPrecisionComments#2', 'go:ParsePointsWithPrecisionComments#3', 'go:ParsePointsWithPrecisionComments#4',
    'go:ParsePointsStringWithExtraBuffer#1', 'go:ParsePointsQuotesInFieldKey#1', 'go:ParsePointsQuotesInTags#1',
    'own:time -1', 'own:time min', 'own:time sub-millisecond', 'own:time in us#13 1000000000001001',
    // Also far ahead; with MAX_FUTURE_S=off they still differ in their finest digits.
    'own:time max', 'own:time in us#11 9223372036854775', 'own:time in us#12 9223372036854776',
  ]),
  ...rows('future', [
    'own:precision#10 "h" with a time', 'own:time 2200', 'own:time in s#3 9223372036', 'own:time in ms#7 9223372036854',
    'own:time in m#14 153722867', 'own:time in h#16 2562047',
    'own:time one day ahead', 'own:time ten years ahead',
  ]),
  ...rows('placement', ['own:family measurement without placement tags']),
  ...rows('names', ['own:field key#11 a\\\\\\,b', 'own:NUL in a tag value', 'own:CR in a tag value']),
  ...rows('unreadable', ['own:measurement#10 a\\\\,b', 'own:measurement#11 a\\\\\\,b']),
  ...rows('longLines', ['own:a line of 70,000 characters']),
  ...rows('rollups', ['own:the roll-up history measurement']),
  ...rows('oneType', [
    'own:conflict across shard groups in one batch', 'own:conflict across shard groups in two batches', 'own:conflict across shard groups, string',
  ]),
  ...rows('refusedFields', [
    'own:field twice with other types', 'own:field twice, string then number',
    'own:conflict in one batch float then integer', 'own:conflict in one batch integer then float', 'own:conflict in one batch float then string',
    'own:conflict in one batch boolean then float', 'own:conflict in one batch, other series', 'own:conflict in one batch, good line after',
  ]),
};
