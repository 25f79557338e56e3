/**
 * Cases of the differential test where the product differs from influxd on purpose, each naming
 * its row of the table "Where /write differs from InfluxDB" in docs/api.md.
 */
export const ALLOWED_DIFFERENCES: Record<string, string> = {};
