//! The planner on the upstream installs (the corpus of transitions is in tests/plans.rs).
