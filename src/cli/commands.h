/*
 * commands: the subcommands of the clerk binary, one file each
 * (src/cmd_NAME.c), registered in the table in src/main.c.
 *
 * Each takes the arguments after the command name (argv[0] is the command
 * name) and returns the process exit status: 0 success, 1 runtime error (one
 * line on stderr starting "clerk: "), 2 usage error.
 */
#ifndef CLERK_COMMANDS_H
#define CLERK_COMMANDS_H

int cmd_chat(int argc, char **argv);      /* TUI or script mode (no command) */
int cmd_import(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_kiosk_pin(int argc, char **argv);
int cmd_privacy(int argc, char **argv);
int cmd_staff(int argc, char **argv);

#endif
