//! Static analysis of shell commands: what a `bash.execute` would really run. (Being built.)
