//! Renderers (placeholder)
