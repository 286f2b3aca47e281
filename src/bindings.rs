//! The JS face of the planner (feature `wasm`). The only module that touches wasm-bindgen.
