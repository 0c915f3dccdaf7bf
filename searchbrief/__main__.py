from searchbrief.cli.commands import cli

cli(prog_name="searchbrief")
