//! Path resolution and classification: workspace, home, secrets, protected files. (Being built.)
