mod keys;
mod position;
