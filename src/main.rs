//! Thin entry point: everything happens in [`aws_sso_migrate::app`].

fn main() -> std::process::ExitCode {
    aws_sso_migrate::app::main()
}
