//! Export (next).
