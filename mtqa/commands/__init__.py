"""One module per subcommand; mtqa.cli loads a command only when it is invoked."""
