from searchbrief.cli import cli

cli(prog_name="searchbrief")
