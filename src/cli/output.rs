//! Terminal output: whether to use colour (only on a terminal, never with `NO_COLOR`), and the
//! rendering of policy load errors.
