<?php
require __DIR__ . '/common.php';
// PHP's reading of config values, which the AWS SDK for PHP v3 reads config files with
// (`parse_ini_file` with `INI_SCANNER_RAW`), against the comments `--doctor` says it cuts.
//
// It writes a config of generated one-line values (quotes, comment signs, blanks and plain
// characters, from a fixed seed), reads it with `parse_ini_string(..., INI_SCANNER_RAW)`, and runs
// `aws-sso-migrate --doctor --format json` on it. PHP cuts a comment from a value where what it
// reads is not the value trimmed (and, where the value is all in double quotes, without them);
// `--doctor` must name PHP (`php-v3`) in a `value_comment` finding on exactly those lines.
//
//   php interop/php-ini/check.php --bin PATH/TO/aws-sso-migrate [--count N]
//   php interop/php-ini/check.php --selftest     the comparison catches a missing and a false claim

const SIGNS = ['a', 'x', '"', "'", ';', '#', ' ', "\t", '=', ':', '/', '.', '-'];

/// `$count` values from a fixed seed, of 1 to 12 characters each.
function generated_values(int $count): array {
    mt_srand(20261205);
    $values = [];
    for ($i = 0; $i < $count; $i++) {
        $len = mt_rand(1, 12);
        $v = '';
        for ($j = 0; $j < $len; $j++) {
            $v .= SIGNS[mt_rand(0, count(SIGNS) - 1)];
        }
        $values[] = $v;
    }
    return $values;
}

/// The config: a profile a value, each value on line 2 * i + 2 (1-based).
function config_of(array $values): string {
    $text = '';
    foreach ($values as $i => $v) {
        $text .= "[profile p$i]\nk =$v\n";
    }
    return $text;
}

/// The value as it would be without a comment cut: trimmed of spaces and tabs, and without the
/// double quotes around it where it is all in them.
function uncut(string $v): string {
    $t = trim($v, " \t");
    if (strlen($t) >= 2 && $t[0] === '"' && $t[strlen($t) - 1] === '"') {
        return substr($t, 1, -1);
    }
    return $t;
}

/// The lines (1-based) where PHP cuts a comment, by its own reading of `$text`.
function php_cuts(array $values, string $text): array {
    $ini = parse_ini_string($text, true, INI_SCANNER_RAW);
    if ($ini === false) {
        fwrite(STDERR, "PHP could not read the generated config\n");
        exit(2);
    }
    $lines = [];
    foreach ($values as $i => $v) {
        $read = $ini["profile p$i"]['k'] ?? null;
        if ($read === null) {
            fwrite(STDERR, "PHP read no key k in profile p$i (value " . json_encode($v) . ")\n");
            exit(2);
        }
        if ($read !== uncut($v)) {
            $lines[2 * $i + 2] = true;
        }
    }
    return $lines;
}

/// The lines (1-based) of `value_comment` findings that name PHP, from `--doctor --format json`.
function claimed(string $json): array {
    $doc = json_decode($json, true);
    if (!is_array($doc) || !isset($doc['files'][0]['findings'])) {
        fwrite(STDERR, "the tool's JSON has no findings\n");
        exit(2);
    }
    $lines = [];
    foreach ($doc['files'][0]['findings'] as $f) {
        if ($f['code'] !== 'value_comment') {
            continue;
        }
        foreach ($f['readers'] as $r) {
            if ($r['reader'] === 'php-v3') {
                $lines[$f['line']] = true;
            }
        }
    }
    return $lines;
}

/// What differs between PHP's cuts and the claims: one message a line.
function compare(array $values, array $cuts, array $claims): array {
    $errors = [];
    foreach ($values as $i => $v) {
        $line = 2 * $i + 2;
        $cut = isset($cuts[$line]);
        $said = isset($claims[$line]);
        if ($cut !== $said) {
            $errors[] = sprintf(
                "line %d, value %s: PHP %s a comment, --doctor %s PHP",
                $line,
                json_encode($v),
                $cut ? 'cuts' : 'cuts no',
                $said ? 'names' : 'does not name'
            );
        }
    }
    return $errors;
}

[$bin, $count, $selftest] = check_args($argv);

$values = generated_values($count);
$text = config_of($values);
$cuts = php_cuts($values, $text);

if ($selftest) {
    // The claims PHP's reading gives, less one true claim and with one false one, must fail on
    // exactly those two lines; the same claims unchanged must pass.
    $true_line = array_key_first($cuts);
    $false_line = null;
    foreach ($values as $i => $v) {
        if (!isset($cuts[2 * $i + 2])) {
            $false_line = 2 * $i + 2;
            break;
        }
    }
    $wrong = $cuts;
    unset($wrong[$true_line]);
    $wrong[$false_line] = true;
    $caught = compare($values, $cuts, $wrong);
    $passes = compare($values, $cuts, $cuts);
    selftest_verdict('php selftest', $caught, $passes, count($cuts));
}

$path = tempnam(sys_get_temp_dir(), 'php-ini-');
file_put_contents($path, $text);
$out = [];
$status = 0;
exec(escapeshellarg($bin) . ' --doctor --format json ' . escapeshellarg($path) . ' 2>/dev/null', $out, $status);
unlink($path);
$claims = claimed(implode("\n", $out));
$errors = compare($values, $cuts, $claims);
report($errors, sprintf(
    "PHP %s raw ini reading: %d values, %d with a comment PHP cuts, %d named by --doctor, %d differ",
    PHP_VERSION,
    count($values),
    count($cuts),
    count($claims),
    count($errors)
));
