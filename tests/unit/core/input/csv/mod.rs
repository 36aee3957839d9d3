mod body;
mod hints;
mod scan;
