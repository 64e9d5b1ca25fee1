<?php
require __DIR__ . '/common.php';
// PHP's reading of whole lines, which the AWS SDK for PHP v3 reads config files with
// (`Aws\parse_ini_file`: `parse_ini_string` with `INI_SCANNER_RAW`, after making a `#` first on
// a line a `;`), against the claims of `--doctor` that the SDK fails on the whole file there.
//
// It writes a config for each of a number of generated lines (names, keys, headers, comments,
// blanks, PHP's value words and signs, from a fixed seed), after `k = v` of a profile and
// before `j = w` or, every other config, last without a line break, and reads each as the SDK
// does: `false` is a failure on the whole file. It runs
// `aws-sso-migrate --doctor --format json` on every config at once; a finding must give PHP
// (`php-v3`) the scope `file` on exactly the generated line of the configs PHP fails on, and on
// no line of the others.
//
//   php interop/php-ini/lines.php --bin PATH/TO/aws-sso-migrate [--count N]
//   php interop/php-ini/lines.php --selftest     the comparison catches a missing and a false claim

const PIECES = [
    'a', 'k', 'x', 'region', ' ', ' ', '  ', "\t", '=', ' = ', ';', '#', '# ', '[', ']', '!',
    '"', "'", '$', '\\', '(', '{', '^', '&', ':', '.', '?', '-', 'yes', 'no', 'none', 'Null', 'on',
    'true', 'off', 'FALSE', 'NULL', '[profile x]', ' # note', '${', '}', 'k[', '[]', ']=', '] = ',
    '["', '"]', "['", "']", "''", '""',
];

/// The line of the generated config, 1-based.
const LINE = 3;

/// `$count` lines from a fixed seed, of 1 to 7 pieces each.
function generated_lines(int $count): array {
    mt_srand(20261206);
    $lines = [];
    for ($i = 0; $i < $count; $i++) {
        $n = mt_rand(1, 7);
        $l = '';
        for ($j = 0; $j < $n; $j++) {
            $l .= PIECES[mt_rand(0, count(PIECES) - 1)];
        }
        $lines[] = $l;
    }
    return $lines;
}

/// The config of generated line `$i`: every other one ends the file, without a line break.
function config_of(int $i, string $line): string {
    return $i % 2 ? "[profile p]\nk = v\n$line" : "[profile p]\nk = v\n$line\nj = w\n";
}

/// Whether the AWS SDK for PHP v3 reads `$text` at all (`Aws\parse_ini_file`).
function php_reads(string $text): bool {
    return @parse_ini_string(preg_replace('/^#/m', ';', $text), true, INI_SCANNER_RAW) !== false;
}

/// For each file of `--doctor --format json` output, the lines where a finding says PHP fails
/// on the whole file.
function claimed(string $json, int $files): array {
    $doc = json_decode($json, true);
    if (!is_array($doc) || count($doc['files'] ?? []) !== $files) {
        fwrite(STDERR, "the tool's JSON has not one report a config\n");
        exit(2);
    }
    $claims = [];
    foreach ($doc['files'] as $k => $file) {
        $lines = [];
        foreach ($file['findings'] ?? [] as $f) {
            foreach ($f['readers'] as $r) {
                if ($r['reader'] === 'php-v3' && $r['scope'] === 'file') {
                    $lines[] = $f['line'];
                }
            }
        }
        $claims[$k] = $lines;
    }
    return $claims;
}

/// What differs between PHP's readings (`$fails[i]`: PHP fails on config i) and the claims: one
/// message a config.
function compare(array $lines, array $fails, array $claims): array {
    $errors = [];
    foreach ($lines as $i => $l) {
        $want = $fails[$i] ? [LINE] : [];
        if ($claims[$i] !== $want) {
            $errors[] = sprintf(
                "line %s: PHP %s the file, --doctor claims its failure on %s",
                json_encode($l),
                $fails[$i] ? 'fails on' : 'reads',
                $claims[$i] ? 'lines ' . implode(', ', $claims[$i]) : 'no line'
            );
        }
    }
    return $errors;
}

[$bin, $count, $selftest] = check_args($argv);

$lines = generated_lines($count);
$fails = array_map(fn ($i, $l) => !php_reads(config_of($i, $l)), array_keys($lines), $lines);
$failing = count(array_filter($fails));

if ($selftest) {
    // PHP's own readings as claims, less one true claim and with one false one, must fail on
    // exactly those two configs; the same claims unchanged must pass.
    $right = array_map(fn ($f) => $f ? [LINE] : [], $fails);
    $wrong = $right;
    $wrong[array_search(true, $fails, true)] = [];
    $wrong[array_search(false, $fails, true)] = [LINE];
    $caught = compare($lines, $fails, $wrong);
    $passes = compare($lines, $fails, $right);
    selftest_verdict('php lines selftest', $caught, $passes, $failing);
}

$dir = sys_get_temp_dir() . '/php-lines-' . getmypid();
@mkdir($dir);
$paths = [];
foreach ($lines as $i => $l) {
    $paths[$i] = sprintf('%s/%05d.config', $dir, $i);
    file_put_contents($paths[$i], config_of($i, $l));
}
// A thousand configs a run of the tool, to keep its command line short.
$claims = [];
foreach (array_chunk($paths, 1000, true) as $chunk) {
    $out = [];
    $status = 0;
    $command = escapeshellarg($bin) . ' --doctor --format json '
        . implode(' ', array_map('escapeshellarg', $chunk)) . ' 2>/dev/null';
    exec($command, $out, $status);
    $claims = array_merge($claims, claimed(implode("\n", $out), count($chunk)));
}
array_map('unlink', $paths);
rmdir($dir);
$errors = compare($lines, $fails, $claims);
report($errors, sprintf(
    "PHP %s raw ini reading, whole lines: %d configs, %d PHP fails on, %d claimed by --doctor, %d differ",
    PHP_VERSION,
    count($lines),
    $failing,
    count(array_filter($claims)),
    count($errors)
));
