/**
 * Inputs for the line protocol differential test (line-protocol-differential.test.ts): each is
 * sent to a real influxd and to the product, and what each answered and stored is compared.
 *
 * `go:` cases are the inputs of InfluxDB's own parser tests (models/points_test.go on the 1.8
 * branch of influxdata/influxdb, in file order); `own:` cases cover what those leave out:
 * int64 extremes, escapes in every kind of name, line ends, repeated fields, type conflicts,
 * precision spellings, the clock under a coarse precision, InfluxDB's time range.
 */

export interface LpCase {
  /** Stable id: the allow-list (line-protocol-allowed.ts) is keyed by it. */
  id: string;
  /** Request bodies, sent one after another to the same database. */
  bodies: string[];
  /** The `precision` query parameter as sent (undefined: not sent). */
  precision?: string;
  /**
   * Whether the harness renames measurements (a per-case prefix at each line start) so cases do
   * not meet in the product's one catalog. Off where a line break inside a quoted string would
   * be renamed too, or where the measurement name itself is the subject; such cases use
   * measurement names no other unprefixed case uses.
   */
  prefix: boolean;
}

interface CaseOptions { precision?: string; prefix?: boolean }

function go(id: string, body: string, o: CaseOptions = {}): LpCase {
  return { id: `go:${id}`, bodies: [body], precision: o.precision, prefix: o.prefix ?? true };
}

function own(id: string, body: string | string[], o: CaseOptions = {}): LpCase {
  return { id: `own:${id}`, bodies: Array.isArray(body) ? body : [body], precision: o.precision, prefix: o.prefix ?? true };
}

/** From models/points_test.go (influxdb 1.8). */
const FROM_INFLUXDB: LpCase[] = [
  go('ParsePointNoValue#1', ""),
  go('ParsePointWhitespaceValue#1', " "),
  go('ParsePointNoFields#1', "cpu_load_short,host=server01,region=us-west"),
  go('ParsePointNoFields#2', "cpu"),
  go('ParsePointNoFields#3', "cpu,host=="),
  go('ParsePointNoFields#4', "="),
  go('ParsePointNoTimestamp#1', "cpu value=1"),
  go('ParsePointMissingQuote#1', "cpu,host=serverA value=\"test"),
  go('ParsePointMissingQuote#2', "cpu,host=serverA value=\"test\"\""),
  go('ParsePointMissingTagKey#1', "cpu, value=1"),
  go('ParsePointMissingTagKey#2', "cpu,"),
  go('ParsePointMissingTagKey#3', "cpu,,,"),
  go('ParsePointMissingTagKey#4', "cpu,host=serverA,=us-east value=1i"),
  go('ParsePointMissingTagKey#5', "cpu,host=serverAa\\,,=us-east value=1i"),
  go('ParsePointMissingTagKey#6', "cpu,host=serverA\\,,=us-east value=1i"),
  go('ParsePointMissingTagKey#7', "cpu, =serverA value=1i"),
  go('ParsePointMissingTagKey#8', "cpu,host=serverA,\\ =us-east value=1i"),
  go('ParsePointMissingTagValue#1', "cpu,host"),
  go('ParsePointMissingTagValue#2', "cpu,host,"),
  go('ParsePointMissingTagValue#3', "cpu,host="),
  go('ParsePointMissingTagValue#4', "cpu,host value=1i"),
  go('ParsePointMissingTagValue#5', "cpu,host=serverA,region value=1i"),
  go('ParsePointMissingTagValue#6', "cpu,host=serverA,region= value=1i"),
  go('ParsePointMissingTagValue#7', "cpu,host=serverA,region=,zone=us-west value=1i"),
  go('ParsePointInvalidTagFormat#1', "cpu,host=f=o,"),
  go('ParsePointInvalidTagFormat#2', "cpu,host=f\\==o,"),
  go('ParsePointMissingFieldName#1', "cpu,host=serverA,region=us-west ="),
  go('ParsePointMissingFieldName#2', "cpu,host=serverA,region=us-west =123i"),
  go('ParsePointMissingFieldName#3', "cpu,host=serverA,region=us-west a\\ =123i"),
  go('ParsePointMissingFieldName#4', "cpu,host=serverA,region=us-west value=123i,=456i"),
  go('ParsePointMissingFieldValue#1', "cpu,host=serverA,region=us-west value="),
  go('ParsePointMissingFieldValue#2', "cpu,host=serverA,region=us-west value= 1000000000i"),
  go('ParsePointMissingFieldValue#3', "cpu,host=serverA,region=us-west value=,value2=1i"),
  go('ParsePointMissingFieldValue#4', "cpu,host=server01,region=us-west 1434055562000000000i"),
  go('ParsePointMissingFieldValue#5', "cpu,host=server01,region=us-west value=1i,b"),
  go('ParsePointMissingFieldValue#6', "m f=\"blah\"=123,r 1531703600000000000"),
  go('ParsePointBadNumber#1', "cpu v=- "),
  go('ParsePointBadNumber#2', "cpu v=-i "),
  go('ParsePointBadNumber#3', "cpu v=-. "),
  go('ParsePointBadNumber#4', "cpu v=. "),
  go('ParsePointBadNumber#5', "cpu v=1.0i "),
  go('ParsePointBadNumber#6', "cpu v=1ii "),
  go('ParsePointBadNumber#7', "cpu v=1a "),
  go('ParsePointBadNumber#8', "cpu v=-e-e-e "),
  go('ParsePointBadNumber#9', "cpu v=42+3 "),
  go('ParsePointBadNumber#10', "cpu v= "),
  go('ParsePointBadNumber#11', "cpu v=-123u"),
  go('ParsePointMaxInt64#1', "cpu,host=serverA,region=us-west value=9223372036854775808i"),
  go('ParsePointMaxInt64#2', "cpu,host=serverA,region=us-west value=9223372036854775807i"),
  go('ParsePointMaxInt64#3', "cpu,host=serverA,region=us-west value=0009223372036854775807i"),
  go('ParsePointMinInt64#1', "cpu,host=serverA,region=us-west value=-9223372036854775809i"),
  go('ParsePointMinInt64#2', "cpu,host=serverA,region=us-west value=-9223372036854775808i"),
  go('ParsePointMinInt64#3', "cpu,host=serverA,region=us-west value=-0009223372036854775808i"),
  go('ParsePointMaxUint64#1', "cpu,host=serverA,region=us-west value=18446744073709551616u"),
  go('ParsePointMaxUint64#2', "cpu,host=serverA,region=us-west value=18446744073709551615u"),
  go('ParsePointMaxUint64#3', "cpu,host=serverA,region=us-west value=00018446744073709551615u"),
  go('ParsePointMinUint64#1', "cpu,host=serverA,region=us-west value=--1u"),
  go('ParsePointMinUint64#2', "cpu,host=serverA,region=us-west value=0u"),
  go('ParsePointMinUint64#3', "cpu,host=serverA,region=us-west value=0000u"),
  go('ParsePointNumberNonNumeric#1', "cpu,host=serverA,region=us-west value=.1a"),
  go('ParsePointNegativeWrongPlace#1', "cpu,host=serverA,region=us-west value=0.-1"),
  go('ParsePointOnlyNegativeSign#1', "cpu,host=serverA,region=us-west value=-"),
  go('ParsePointFloatMultipleDecimals#1', "cpu,host=serverA,region=us-west value=1.1.1"),
  go('ParsePointInteger#1', "cpu,host=serverA,region=us-west value=1i"),
  go('ParsePointNegativeInteger#1', "cpu,host=serverA,region=us-west value=-1i"),
  go('ParsePointNegativeFloat#1', "cpu,host=serverA,region=us-west value=-1.0"),
  go('ParsePointFloatNoLeadingDigit#1', "cpu,host=serverA,region=us-west value=.1"),
  go('ParsePointFloatScientific#1', "cpu,host=serverA,region=us-west value=1.0e4"),
  go('ParsePointFloatScientific#2', "cpu,host=serverA,region=us-west value=1e4"),
  go('ParsePointFloatScientificUpper#1', "cpu,host=serverA,region=us-west value=1.0E4"),
  go('ParsePointFloatScientificUpper#2', "cpu,host=serverA,region=us-west value=1E4"),
  go('ParsePointFloatScientificDecimal#1', "cpu,host=serverA,region=us-west value=1.0e-4"),
  go('ParsePointFloatNegativeScientific#1', "cpu,host=serverA,region=us-west value=-1.0e-4"),
  go('ParsePointBooleanInvalid#1', "cpu,host=serverA,region=us-west value=a"),
  go('ParsePointScientificIntInvalid#1', "cpu,host=serverA,region=us-west value=9ie10"),
  go('ParsePointScientificIntInvalid#2', "cpu,host=serverA,region=us-west value=9e10i"),
  go('ParsePointWhitespace#1', "cpu    value=1.0 1257894000000000000"),
  go('ParsePointWhitespace#2', "cpu value=1.0     1257894000000000000"),
  go('ParsePointWhitespace#3', "cpu      value=1.0     1257894000000000000"),
  go('ParsePointWhitespace#4', "cpu value=1.0 1257894000000000000   "),
  go('ParsePointWhitespace#5', "cpu value=1.0 1257894000000000000\n"),
  go('ParsePointWhitespace#6', "cpu   value=1.0 1257894000000000000\n"),
  go('ParsePointUnescape#1', "foo\\,bar value=1i"),
  go('ParsePointUnescape#2', "cpu\\,main,regions=east value=1.0"),
  go('ParsePointUnescape#3', "cpu\\ load,region=east value=1.0"),
  go('ParsePointUnescape#4', "cpu\\=load,region=east value=1.0"),
  go('ParsePointUnescape#5', "cpu=load,region=east value=1.0"),
  go('ParsePointUnescape#6', "cpu,region\\,zone=east value=1.0"),
  go('ParsePointUnescape#7', "cpu,region\\ zone=east value=1.0"),
  go('ParsePointUnescape#8', "cpu,reg\\\\=ion=east value=1.0"),
  go('ParsePointUnescape#9', "cpu,\\ =east value=1.0"),
  go('ParsePointUnescape#10', "cpu,regions=east\\,west value=1.0"),
  go('ParsePointUnescape#11', "cpu,regions=\\\\ east value=1.0"),
  go('ParsePointUnescape#12', "cpu,regions=eas\\\\ t value=1.0"),
  go('ParsePointUnescape#13', "cpu,regions=east\\\\  value=1.0"),
  go('ParsePointUnescape#14', "cpu,regions=east\\ west value=1.0"),
  go('ParsePointUnescape#15', "cpu,regions=east value\\,ms=1.0"),
  go('ParsePointUnescape#16', "cpu,regions=east value\\ ms=1.0"),
  go('ParsePointUnescape#17', "cpu,regions=east value=\"1\""),
  go('ParsePointUnescape#18', "cpu,regions=east value=\"1,0\""),
  go('ParsePointUnescape#19', "cpu,regions=eas\\t value=1.0"),
  go('ParsePointUnescape#20', "cpu,regions=\\\\,\\,\\=east value=1.0"),
  go('ParsePointUnescape#21', "cpu \\a=1i"),
  go('ParsePointUnescape#22', "cpu=load,equals\\=foo=tag\\=value value=1i"),
  go('ParsePointWithTags#1', "cpu,host=serverA,region=us-east value=1.0 1000000000"),
  go('ParsePointWithDuplicateTags#1', "cpu,host=serverA,host=serverB value=1i 1000000000"),
  go('ParsePointWithDuplicateTags#2', "cpu,b=2,b=1,c=3 value=1i 1000000000"),
  go('ParsePointWithDuplicateTags#3', "cpu,b=2,c=3,b=1 value=1i 1000000000"),
  go('ParsePointWithStringField#1', "cpu,host=serverA,region=us-east value=1.0,str=\"foo\",str2=\"bar\" 1000000000"),
  go('ParsePointWithStringField#2', "cpu,host=serverA,region=us-east str=\"foo \\\" bar\" 1000000000"),
  go('ParsePointWithStringWithSpaces#1', "cpu,host=serverA,region=us-east value=1.0,str=\"foo bar\" 1000000000"),
  go('ParsePointWithStringWithNewline#1', "nl_cpu,host=serverA,region=us-east value=1.0,str=\"foo\nbar\" 1000000000", { prefix: false }),
  go('ParsePointWithStringWithCommas#1', "cpu,host=serverA,region=us-east value=1.0,str=\"foo\\,bar\" 1000000000"),
  go('ParsePointWithStringWithCommas#2', "cpu,host=serverA,region=us-east value=1.0,str=\"foo,bar\" 1000000000"),
  go('ParsePointWithStringWithCommas#3', "cpu,host=serverA,region=us-east str=\"foo\\\\\",str2=\"bar\" 1000000000"),
  go('ParsePointQuotedMeasurement#1', "\"cpu\",host=serverA,region=us-east value=1.0 1000000000"),
  go('ParsePointQuotedTags#1', "cpu,\"host\"=\"serverA\",region=us-east value=1.0 1000000000"),
  go('ParsePoint_TrailingSlash#1', "a v=1 0\\"),
  go('ParsePointsUnbalancedQuotedTags#1', "baz,mytag=\"a x=1 1441103862125\nbaz,mytag=a z=1 1441103862126", { prefix: false }),
  go('ParsePointEscapedStringsAndCommas#1', "cpu,host=serverA,region=us-east value=\"{Hello\\\"{,}\\\" World}\" 1000000000"),
  go('ParsePointEscapedStringsAndCommas#2', "cpu,host=serverA,region=us-east value=\"{Hello\\\"{\\,}\\\" World}\" 1000000000"),
  go('ParsePointWithStringWithEquals#1', "cpu,host=serverA,region=us-east str=\"foo=bar\",value=1.0 1000000000"),
  go('ParsePointWithStringWithBackslash#1', "cpu value=\"test\\\\\\\"\" 1000000000"),
  go('ParsePointWithStringWithBackslash#2', "cpu value=\"test\\\\\" 1000000000"),
  go('ParsePointWithStringWithBackslash#3', "cpu value=\"test\\\"\" 1000000000"),
  go('ParsePointWithBoolField#1', "cpu,host=serverA,region=us-east true=true,t=t,T=T,TRUE=TRUE,True=True,false=false,f=f,F=F,FALSE=FALSE,False=False 1000000000"),
  go('ParsePointUnicodeString#1', "cpu,host=serverA,region=us-east value=\"wè\" 1000000000"),
  go('ParsePointNegativeTimestamp#1', "cpu value=1 -1"),
  go('ParsePointMinTimestamp#1', "cpu value=1 -9223372036854775806"),
  go('ParsePointInvalidTimestamp#1', "cpu value=1 9223372036854775808"),
  go('ParsePointInvalidTimestamp#2', "cpu value=1 -92233720368547758078"),
  go('ParsePointInvalidTimestamp#3', "cpu value=1 -"),
  go('ParsePointInvalidTimestamp#4', "cpu value=1 -/"),
  go('ParsePointInvalidTimestamp#5', "cpu value=1 -1?"),
  go('ParsePointInvalidTimestamp#6', "cpu value=1 1-"),
  go('ParsePointInvalidTimestamp#7', "cpu value=1 9223372036854775807 12"),
  go('ParsePointNaN#1', "cpu value=NaN 1000000000"),
  go('ParsePointNaN#2', "cpu value=nAn 1000000000"),
  go('ParsePointNaN#3', "cpu value=NaN"),
  go('ParsePointIntsFloats#1', "cpu,host=serverA,region=us-east int=10i,float=11.0,float2=12.1 1000000000"),
  go('ParsePointKeyUnsorted#1', "cpu,last=1,first=2 value=1i"),
  go('ParsePointsWithPrecision#1', "cpu,host=serverA,region=us-east value=1.0 946730096789012345"),
  go('ParsePointsWithPrecision#2', "cpu,host=serverA,region=us-east value=1.0 946730096789012", { precision: 'u' }),
  go('ParsePointsWithPrecision#3', "cpu,host=serverA,region=us-east value=1.0 946730096789012000"),
  go('ParsePointsWithPrecision#4', "cpu,host=serverA,region=us-east value=1.0 946730096789", { precision: 'ms' }),
  go('ParsePointsWithPrecision#5', "cpu,host=serverA,region=us-east value=1.0 946730096789000000"),
  go('ParsePointsWithPrecision#6', "cpu,host=serverA,region=us-east value=1.0 946730096", { precision: 's' }),
  go('ParsePointsWithPrecision#7', "cpu,host=serverA,region=us-east value=1.0 946730096000000000"),
  go('ParsePointsWithPrecision#8', "cpu,host=serverA,region=us-east value=1.0 15778834", { precision: 'm' }),
  go('ParsePointsWithPrecision#9', "cpu,host=serverA,region=us-east value=1.0 946730040000000000"),
  go('ParsePointsWithPrecision#10', "cpu,host=serverA,region=us-east value=1.0 262980", { precision: 'h' }),
  go('ParsePointsWithPrecision#11', "cpu,host=serverA,region=us-east value=1.0 946728000000000000"),
  go('ParsePointsWithPrecisionComments#1', '# comment only'),
  go('ParsePointsWithPrecisionComments#2', '# a point is below\ncpu,host=serverA,region=us-east value=1.0 946730096789012345'),
  go('ParsePointsWithPrecisionComments#3', 'cpu,host=serverA,region=us-east value=1.0 946730096789012345\n# end of points'),
  go('ParsePointsWithPrecisionComments#4', '\t# a point is below\ncpu,host=serverA,region=us-east value=1.0 946730096789012345'),
  go('ParsePointsStringWithExtraBuffer#1', 'cpu,host=A,region=uswest value=0.123 1\n'),
  go('ParsePointsQuotesInFieldKey#1', 'cpu "a=1\ncpu value=2 1', { prefix: false }),
  go('ParsePointsQuotesInFieldKey#2', 'cpu "\\, \'= "\\ v=1.0'),
  go('ParsePointsQuotesInTags#1', 't159,label=hey\\ "ya a=1i,value=0i\nt159,label=another a=2i,value=1i 1', { prefix: false }),
  go('ParsePointsBlankLine#1', 'cpu value=1i 1000000000\n\ncpu value=2i 2000000000'),
];

const T = ' 1000000000'; // 1970-01-01T00:00:01Z in ns: a fixed time, so both sides store the same instant

/** Integers at and beyond the edges of float64 exactness (2^53) and of int64. */
const INTEGERS: LpCase[] = [
  '9007199254740991i', '9007199254740992i', '9007199254740993i', '-9007199254740993i', '12345678901234567i',
  '9223372036854775807i', '-9223372036854775808i', '9223372036854775808i', '-9223372036854775809i',
  '99999999999999999999i', '0i', '-0i', '00042i', '-00042i', '+1i', '1_000i', '0x10i', '1e3i', '1.i', 'i', '1I',
].map((v, i) => own(`int64#${i + 1} ${v}`, `int,k=v value=${v}${T}`));

/** Integers near the edges, with more fields and a second line, so an exact value is not an accident of one path. */
const INTEGER_LINES: LpCase[] = [
  own('int64-lines#1', `int2 a=9223372036854775807i,b=-9223372036854775808i,c=1i${T}`),
  own('int64-lines#2', `int2 a=9007199254740993i 1000000000\nint2 a=9007199254740995i 2000000000`),
  own('int64-lines#3', `int2,t=x a=1i 1000000000\nint2,t=x a=9223372036854775806i 2000000000`),
  own('int64-lines#4', `int2 a=-9223372036854775807i,s="x"${T}`),
];

const FLOATS: LpCase[] = [
  '1', '1.', '.5', '-.5', '-0', '-0.0', '0.0', '1e308', '1.7976931348623157e308', '1e309', '-1e309', '4.9e-324', '1e-400',
  '1e+5', '1E-5', '1e', '1e+', '+1', '1_000', '0x10', '010', '00.5', '1.5.5', '1e5e5', 'Inf', '-Inf', 'inf', 'NaN', '1,5',
  '123456789012345678901234567890', '0.1234567890123456789', '9007199254740993', '-', '1-', '--1', '1.0e-4',
].map((v, i) => own(`float#${i + 1} ${v}`, `flt value=${v}${T}`));

const BOOLEANS: LpCase[] = [
  't', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE', 'tRUE', 'fAlse', 'yes', 'on', 'truee', 't1', 'TrUe',
].map((v, i) => own(`boolean#${i + 1} ${v}`, `bool value=${v}${T}`));

/** String field values: escapes, quotes, empty, unicode, and line breaks inside the quotes. */
const STRINGS: LpCase[] = [
  ['empty', 'str value=""'],
  ['escaped quote', 'str value="a\\"b"'],
  ['escaped backslash', 'str value="a\\\\b"'],
  ['backslash at the end', 'str value="a\\\\"'],
  ['lone backslash', 'str value="a\\b"'],
  ['backslash n', 'str value="a\\nb"'],
  ['tab inside', 'str value="a\tb"'],
  ['unicode', 'str value="温度 ℃ 🌡"'],
  ['comma space equals', 'str value="a, b=c d"'],
  ['three backslashes and a quote', 'str value="a\\\\\\"b"'],
  ['unterminated', 'str value="abc'],
  ['quote in the middle of a number', 'str value=1"2"'],
  ['single quotes', "str value='a'"],
  ['json text', 'str value="{\\"k\\": [1, 2]}"'],
  ['two strings', 'str a="x",b="y z"'],
  ['string then number', 'str a="x",b=2'],
  ['hash inside', 'str value="# not a comment"'],
].map(([name, line]) => own(`string ${name}`, `${line}${T}`));

const STRING_LINE_BREAKS: LpCase[] = [
  own('string newline', `nl1 value="a\nb"${T}`, { prefix: false }),
  own('string newline then another line', `nl2 value="a\nb"${T}\nnl2 value="c"  2000000000`, { prefix: false }),
  own('string CRLF inside', `nl3 value="a\r\nb"${T}`, { prefix: false }),
  own('string CR inside', `nl4 value="a\rb"${T}`, { prefix: false }),
  own('string newline unterminated', `nl5 value="a\nnl5 value=2${T}`, { prefix: false }),
  own('string only a newline', `nl6 value="\n"${T}`, { prefix: false }),
];

/** Names with every escape, in each place a name can be. */
const NAME_TEXTS = ['a\\,b', 'a\\ b', 'a\\=b', 'a=b', 'a\\\\b', 'a\\"b', 'a"b', '"ab"', 'a\\b', 'a\\\\,b', 'a\\\\\\,b', 'a#b', '温度', 'a\tb', '_a'];

const MEASUREMENTS: LpCase[] = NAME_TEXTS.map((n, i) => own(`measurement#${i + 1} ${n}`, `m${n} value=1${T}`));
const TAG_KEYS: LpCase[] = NAME_TEXTS.map((n, i) => own(`tag key#${i + 1} ${n}`, `tk,${n}=v value=1${T}`));
const TAG_VALUES: LpCase[] = NAME_TEXTS.map((n, i) => own(`tag value#${i + 1} ${n}`, `tv,k=${n} value=1${T}`));
const FIELD_KEYS: LpCase[] = NAME_TEXTS.map((n, i) => own(`field key#${i + 1} ${n}`, `fk ${n}=1${T}`));

const NAME_EDGES: LpCase[] = [
  own('measurement ends in a backslash', `me\\ value=1${T}`),
  own('measurement ends in two backslashes', `me\\\\ value=1${T}`),
  own('measurement starting with an escaped space', `\\ me value=1${T}`),
  own('measurement is only a backslash', `\\ value=1${T}`, { prefix: false }),
  own('measurement with a tab first', `\tmtab value=1${T}`, { prefix: false }),
  own('measurement starting with a comma', `,k=v value=1${T}`, { prefix: false }),
  own('measurement hash is a comment', `#mhash value=1${T}`, { prefix: false }),
  own('tag value ends in a backslash', `te,k=v\\ value=1${T}`),
  own('tag value ends in two backslashes', `te,k=v\\\\ value=1${T}`),
  own('tag value unescaped equals twice', `te,k=a=b=c value=1${T}`),
  own('tag value only equals', `te,k== value=1${T}`),
  own('tag value with a quote', `te,k="v" value=1${T}`),
  own('tag value with an escaped space and quote', `te,k=a\\ "b value=1${T}`),
  own('tag key with an escaped quote', `te,k\\"q=v value=1${T}`),
  own('tag key time', `te,time=v value=1${T}`),
  own('tag key time and another', `te,a=1,time=v value=1${T}`),
  own('tag key _field', `te,_field=v value=1${T}`),
  own('tag key _measurement', `te,_measurement=v value=1${T}`),
  own('tags unsorted', `te,z=1,a=2,m=3 value=1${T}`),
  own('tag value empty between others', `te,a=1,b=,c=3 value=1${T}`),
  own('tag key and field key the same', `te,value=x value=1${T}`),
  own('field key time', `fe time=1${T}`),
  own('field key time and another', `fe a=1,time=2${T}`),
  own('field key Time', `fe Time=1${T}`),
  own('field key with an escaped quote', `fe a\\"b=1${T}`),
  own('field key ends in a backslash', `fe a\\=1${T}`),
  own('field key with a quote first', `fe "a"=1${T}`),
  own('field key is an escaped space', `fe \\ =1${T}`),
  own('field key unicode', `fe 温度=1${T}`),
  own('many tags', `te,${Array.from({ length: 30 }, (_, i) => `t${i}=v${i}`).join(',')} value=1${T}`),
  own('long names', `${'m'.repeat(200)},${'k'.repeat(200)}=${'v'.repeat(200)} ${'f'.repeat(200)}=1${T}`),
  own('NUL in a tag value', `te,k=a\u0000b value=1${T}`),
  own('CR in a tag value', `te,k=a\rb value=1${T}`),
];

/** Line ends, blank bodies, whitespace and comments. */
const LINE_ENDS: LpCase[] = [
  own('CRLF between lines', `le value=1 1000000000\r\nle value=2 2000000000\r\n`),
  own('CRLF at the end', `le value=1${T}\r\n`),
  own('CR between lines', `le value=1 1000000000\rle value=2 2000000000`),
  own('CR at the end', `le value=1${T}\r`),
  own('CR after the fields', `le value=1\r`),
  own('CR after an integer', `le value=1i\r\n`),
  own('CR after a string', `le value="a"\r\n`),
  own('CR after a boolean', `le value=true\r\n`),
  own('body of one line break', '\n', { prefix: false }),
  own('body of CRLF', '\r\n', { prefix: false }),
  own('body of one CR', '\r', { prefix: false }),
  own('body of blank lines', '\n\n\n', { prefix: false }),
  own('body of spaces and tabs', ' \t \n\t', { prefix: false }),
  own('empty body', '', { prefix: false }),
  own('blank lines around a point', `\n\nle value=1${T}\n\n`),
  own('leading spaces before a line', `   le value=1${T}`),
  own('leading tab before a line', `\tle value=1${T}`),
  own('tab between measurement and fields', `le\tvalue=1${T}`),
  own('tab before the timestamp', `le value=1\t1000000000`),
  own('two spaces before the timestamp', `le value=1  1000000000`),
  own('trailing spaces', `le value=1${T}   `),
  own('trailing tab', `le value=1${T}\t`),
  own('comment after a point', `le value=1${T} # note`),
  own('comment lines around', `# one\nle value=1${T}\n   # two`),
  own('only comments', '# a\n# b', { prefix: false }),
  own('space after comma in fields', `le a=1, b=2${T}`),
  own('space before fields comma', `le a=1 ,b=2${T}`),
];

/** Repeated fields, tags and points; merges of lines of one series and time. */
const REPEATS: LpCase[] = [
  own('field twice', `rp value=1,value=2${T}`),
  own('field three times', `rp value=1,value=2,value=3${T}`),
  own('field twice with other types', `rp value=1,value=2i${T}`),
  own('field twice, string then number', `rp value="a",value=2${T}`),
  own('field twice among others', `rp a=1,b=2,a=3${T}`),
  own('tag twice', `rp,k=1,k=2 value=1${T}`),
  own('tag twice with the same value', `rp,k=1,k=1 value=1${T}`),
  own('same point twice', `rp value=1${T}\nrp value=2${T}`),
  own('same series and time, other fields', `rp a=1${T}\nrp b=2${T}`),
  own('same series, tags in another order', `rp,a=1,b=2 value=1${T}\nrp,b=2,a=1 value=2${T}`),
  own('same point in two batches', [`rp value=1${T}`, `rp value=2${T}`]),
];

const WEEK_NS = 7n * 86_400_000_000_000n;
const weeks = (n: number) => String(BigInt(n) * WEEK_NS + 1_000_000_000n);

/** Field type conflicts: in one line, one batch, later batches, and across shard groups (a week apart). */
const TYPE_CONFLICTS: LpCase[] = [
  own('conflict in one batch float then integer', `tc value=1 1000000000\ntc value=2i 2000000000`),
  own('conflict in one batch integer then float', `tc value=1i 1000000000\ntc value=2 2000000000`),
  own('conflict in one batch float then string', `tc value=1 1000000000\ntc value="a" 2000000000`),
  own('conflict in one batch boolean then float', `tc value=true 1000000000\ntc value=1 2000000000`),
  own('conflict in one batch, other series', `tc,k=a value=1 1000000000\ntc,k=b value=2i 2000000000`),
  own('conflict in one batch, good line after', `tc value=1 1000000000\ntc value=2i 2000000000\ntc value=3 3000000000`),
  own('conflict across batches', [`tc value=1 1000000000`, `tc value=2i 2000000000`]),
  own('conflict across batches, other series', [`tc,k=a value=1 1000000000`, `tc,k=b value="x" 2000000000`]),
  own('conflict across shard groups in one batch', `tc value=1 ${weeks(0)}\ntc value=2i ${weeks(3)}`),
  own('conflict across shard groups in two batches', [`tc value=1 ${weeks(0)}`, `tc value=2i ${weeks(3)}`]),
  own('conflict across shard groups, string', [`tc value=1i ${weeks(0)}`, `tc value="x" ${weeks(5)}`]),
  own('same type across shard groups', [`tc value=1i ${weeks(0)}`, `tc value=2i ${weeks(5)}`]),
  own('conflict, then the right type again', [`tc value=1 1000000000`, `tc value=2i 2000000000`, `tc value=3 3000000000`]),
];

/** `precision` spellings, with and without a timestamp (without: InfluxDB truncates its clock to the unit). */
const PRECISION_SPELLINGS = ['n', 'ns', 'u', 'us', 'µ', 'µs', 'ms', 's', 'm', 'h', '', 'NS', 'MS', 'S', 'H', 'x', 'rfc3339', 'd', 'u ', 'mu', 'ns,ms'];
const PRECISIONS: LpCase[] = PRECISION_SPELLINGS.flatMap((p, i) => [
  own(`precision#${i + 1} ${JSON.stringify(p)} with a time`, `pr value=1 1000000`, { precision: p }),
  own(`precision#${i + 1} ${JSON.stringify(p)} without a time`, `pr value=1`, { precision: p }),
]);

/** Timestamps at and beyond InfluxDB's range (int64 ns, less one at each end), in several precisions. */
const TIMES: LpCase[] = [
  ['0', '0'], ['-1', '-1'], ['max', '9223372036854775806'], ['max+1', '9223372036854775807'], ['min', '-9223372036854775806'],
  ['min-1', '-9223372036854775807'], ['min-2', '-9223372036854775808'], ['beyond int64', '99999999999999999999'],
  ['leading zeros', '0001000000000'], ['plus sign', '+1000000000'], ['decimal point', '1000000000.5'], ['exponent', '1e9'],
  ['1677', '-9000000000000000000'], ['2200', '7258118400000000000'], ['two timestamps', '1 2'], ['letters', 'abc'],
  ['negative zero', '-0'], ['sub-millisecond', '1000000001'], ['ms exact', '1000000'], ['minus only', '-'],
].map(([name, t]) => own(`time ${name}`, `tm value=1 ${t}`));

const TIMES_IN_UNITS: LpCase[] = [
  ['s', '1000'], ['s', '-1000'], ['s', '9223372036'], ['s', '9223372037'], ['s', '-9223372036'], ['s', '-9223372037'],
  ['ms', '9223372036854'], ['ms', '9223372036855'], ['ms', '-9223372036854'], ['ms', '1000000000001'],
  ['us', '9223372036854775'], ['us', '9223372036854776'], ['us', '1000000000001001'],
  ['m', '153722867'], ['m', '153722868'], ['h', '2562047'], ['h', '2562048'], ['h', '-2562047'],
].map(([p, t], i) => own(`time in ${p}#${i + 1} ${t}`, `tu value=1 ${t}`, { precision: p }));

/** Timestamps ahead of the clock: InfluxDB takes any time in its range. */
const aheadNs = (ms: number) => `${BigInt(Date.now() + ms) * 1_000_000n}`;
const FUTURE: LpCase[] = [
  own('time one minute ahead', `fu value=1 ${aheadNs(60_000)}`),
  own('time one day ahead', `fu value=1 ${aheadNs(86_400_000)}`),
  own('time ten years ahead', `fu value=1 ${aheadNs(10 * 365 * 86_400_000)}`),
  own('time in ms given as ns', `fu value=1 ${Date.now() * 1000}`, { precision: 'ms' }),
];

/** Batches with good and bad lines: InfluxDB writes the good ones and answers 400 (partial write). */
const MIXED: LpCase[] = [
  own('good then bad', `mx value=1 1000000000\nmx value= 2000000000`),
  own('bad then good', `mx value=x 1000000000\nmx value=2 2000000000`),
  own('bad in the middle', `mx value=1 1000000000\nmx,k value=1\nmx value=3 3000000000`),
  own('all bad', `mx value=\nmx\nmx value=1 x`),
  own('good, out-of-range time, good', `mx value=1 1000000000\nmx value=2 9223372036854775807\nmx value=3 3000000000`),
  own('good, out-of-range integer, good', `mx value=1i 1000000000\nmx value=9223372036854775808i 2000000000\nmx value=3i 3000000000`),
  own('good, NaN, good', `mx value=1 1000000000\nmx value=NaN 2000000000\nmx value=3 3000000000`),
  own('many lines', Array.from({ length: 200 }, (_, i) => `mx,k=${i % 7} value=${i}i ${(i + 1) * 1_000_000_000}`).join('\n')),
  own('many lines with a bad one', Array.from({ length: 50 }, (_, i) => (i === 25 ? 'mx value=oops' : `mx value=${i} ${(i + 1) * 1_000_000_000}`)).join('\n')),
];

/** The product's own families need their placement tags; its roll-up history is its own (documented differences). */
const FAMILIES: LpCase[] = [
  own('family measurement without placement tags', `env,device=e1 temperature_c=21.5${T}`, { prefix: false }),
  own('family measurement with placement tags', `parking,community=c-a,neighbourhood=n-a1,lot=p1 free=12i${T}`, { prefix: false }),
  own('the roll-up history measurement', `node_rollup,node=c-a value=1${T}`, { prefix: false }),
];

/** Lines longer than the product's default limit (influxd limits only the series key, to 65,535 bytes). */
const LONG_LINES: LpCase[] = [
  own('a line of 70,000 characters', `long value="${'x'.repeat(70_000)}"${T}`),
  own('a series key over 65,535 bytes', `long,k=${'v'.repeat(65_600)} value=1${T}`),
];

export const LP_CASES: LpCase[] = [
  ...FROM_INFLUXDB, ...INTEGERS, ...INTEGER_LINES, ...FLOATS, ...BOOLEANS, ...STRINGS, ...STRING_LINE_BREAKS,
  ...MEASUREMENTS, ...TAG_KEYS, ...TAG_VALUES, ...FIELD_KEYS, ...NAME_EDGES, ...LINE_ENDS, ...REPEATS, ...TYPE_CONFLICTS,
  ...PRECISIONS, ...TIMES, ...TIMES_IN_UNITS, ...FUTURE, ...MIXED, ...FAMILIES, ...LONG_LINES,
];
