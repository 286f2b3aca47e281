//! Unit tests of the posture layer.
