use std::process::ExitCode;

fn main() -> color_eyre::Result<ExitCode> {
    // color-eyre's hooks first: the app's terminal hook restores the screen, then calls them.
    color_eyre::install()?;
    Ok(ExitCode::from(gmm_tui::cli::entry::main(
        std::env::args_os(),
    )))
}
