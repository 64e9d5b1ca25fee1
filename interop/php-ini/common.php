<?php
// What the two PHP checks share: their command line, their selftest's verdict and their report.

/// `--bin PATH`, `--count N` and `--selftest` from the command line: [bin, count, selftest].
function check_args(array $argv): array {
    $args = array_slice($argv, 1);
    $bin = null;
    $count = 3000;
    $selftest = false;
    for ($i = 0; $i < count($args); $i++) {
        switch ($args[$i]) {
            case '--bin': $bin = $args[++$i] ?? null; break;
            case '--count': $count = (int) ($args[++$i] ?? 0); break;
            case '--selftest': $selftest = true; break;
            default:
                fwrite(STDERR, "unknown argument: {$args[$i]}\n");
                exit(2);
        }
    }
    if (!$selftest && $bin === null) {
        fwrite(STDERR, "usage: php " . basename($argv[0])
            . " --bin PATH/TO/aws-sso-migrate [--count N] | --selftest\n");
        exit(2);
    }
    return [$bin, $count, $selftest];
}

/// The selftest's verdict: the comparison must have found exactly the two wrong claims
/// (`$caught`) and nothing wrong with the right ones (`$passes`).
function selftest_verdict(string $name, array $caught, array $passes, int $true_ones): void {
    if (count($caught) !== 2 || count($passes) !== 0) {
        fwrite(STDERR, "selftest failed: " . count($caught) . " of 2 wrong claims caught, "
            . count($passes) . " errors on the right ones\n");
        exit(1);
    }
    echo "$name: a missing and a false claim caught, $true_ones true ones accepted\n";
    exit(0);
}

/// Prints the first of `$errors` (`SHOW` of them, 20 unless set) and `$summary`, and exits 0
/// where there are none, 1 otherwise.
function report(array $errors, string $summary): void {
    foreach (array_slice($errors, 0, (int) (getenv('SHOW') ?: 20)) as $e) {
        echo "FAIL $e\n";
    }
    echo "$summary\n";
    exit(count($errors) === 0 ? 0 : 1);
}
