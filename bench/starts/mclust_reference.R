# R mclust's reference numbers for `gmm-tui bench starts` (issue 16).
#
# Run:  Rscript bench/starts/mclust_reference.R [--export | DATASET ...]
# Needs R with mclust 6 and jsonlite (Debian: apt-get install r-cran-mclust r-cran-jsonlite).
#
# --export writes R's and mclust's data sets as CSV fixtures: tests/fixtures/mtcars.csv (R's
# datasets::mtcars, every column), diabetes.csv (mclust's diabetes without its class column) and
# banknote.csv (mclust's Swiss banknotes without their Status column).
# Otherwise, for every data set of cells.json and every cell (K, covariance type as mclust's
# VII/VVI/EEE/VVV = spherical/diag/tied/full), Mclust(G = K, modelNames = ...) with mclust's own
# start (hierarchical agglomeration, hcModelName VVV on the SVD transform) and EM to a relative
# tolerance of 1e-9 (tighter than mclust's default 1e-5, so that its optimum is reached, as ours
# is at tol 1e-6 on the mean). Written to mclust.json: log_likelihood (null where mclust fails, as
# its NA), and the fit's spurious components by gmm-tui's rule (src/core/spurious.rs with
# reg_covar = 0: fewer effective points than the covariance needs — D + 1 for full, 2 for diag and
# spherical, none for tied, which is pooled —, or a direction of the covariance standardised by the
# data's standard deviations flatter than 1e-10), and its effective points (N_k), so that a change
# of the point counts alone can be re-marked without refitting. Only the named data sets' cells are redone
# when some are named. Nothing here is a dependency of `cargo test`.

suppressPackageStartupMessages({
  library(mclust)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- dirname(normalizePath(script))
root <- normalizePath(file.path(here, "..", ".."))
fixtures <- file.path(root, "tests", "fixtures")
args <- commandArgs(trailingOnly = TRUE)

if ("--export" %in% args) {
  write.csv(mtcars, file.path(fixtures, "mtcars.csv"), row.names = FALSE, quote = FALSE)
  data(diabetes, package = "mclust")
  write.csv(diabetes[, -1], file.path(fixtures, "diabetes.csv"), row.names = FALSE, quote = FALSE)
  data(banknote, package = "mclust")
  write.csv(banknote[, -1], file.path(fixtures, "banknote.csv"), row.names = FALSE, quote = FALSE)
  quit(save = "no")
}

types <- c(spherical = "VII", diag = "VVI", tied = "EEE", full = "VVV")
tol <- c(1e-9, sqrt(.Machine$double.eps))

load_data <- function(spec) {
  frame <- read.csv(file.path(root, spec$file))
  if (!is.null(spec$columns)) frame <- na.omit(frame[, unlist(spec$columns)])
  as.matrix(frame)
}

# The effective points a component's covariance needs (src/core/spurious.rs).
points_needed <- function(covariance, d) {
  switch(covariance, full = d + 1, diag = 2, spherical = 2, tied = 0)
}

spurious_components <- function(covariance, sigma, nk, variances) {
  d <- dim(sigma)[1]
  varying <- which(variances > 0)
  sd <- sqrt(variances[varying])
  found <- integer(0)
  for (c in seq_along(nk)) {
    if (nk[c] < points_needed(covariance, d)) {
      found <- c(found, c - 1L)
      next
    }
    s <- sigma[varying, varying, c, drop = FALSE][, , 1] / outer(sd, sd)
    if (min(eigen(s, symmetric = TRUE, only.values = TRUE)$values) <= 1e-10)
      found <- c(found, c - 1L)
  }
  found
}

cell <- function(x, k, covariance) {
  model <- types[[covariance]]
  fit <- tryCatch(
    suppressWarnings(Mclust(x, G = k, modelNames = model, control = emControl(tol = tol),
                            verbose = FALSE)),
    error = function(e) NULL)
  if (is.null(fit) || is.na(fit$loglik)) return(list(log_likelihood = NULL))
  n <- nrow(x)
  variances <- apply(x, 2, function(v) mean((v - mean(v))^2))
  sigma <- fit$parameters$variance$sigma
  nk <- colSums(fit$z)
  list(log_likelihood = fit$loglik, spurious = I(spurious_components(covariance, sigma, nk, variances)),
       points = I(as.numeric(nk)))
}

specs <- fromJSON(file.path(here, "cells.json"), simplifyVector = FALSE)$datasets
out_path <- file.path(here, "mclust.json")
cells <- list()
if (length(args) > 0 && file.exists(out_path)) {
  previous <- fromJSON(out_path, simplifyVector = FALSE)$cells
  cells <- Filter(function(c) !(c$data %in% args), previous)
}
for (spec in specs) {
  if (length(args) > 0 && !(spec$name %in% args)) next
  x <- load_data(spec)
  for (k in unlist(spec$k)) {
    for (t in names(types)) {
      clock <- Sys.time()
      result <- cell(x, k, t)
      cells[[length(cells) + 1]] <- c(list(data = spec$name, k = k, covariance = t), result)
      ll <- if (is.null(result$log_likelihood)) "NA" else format(result$log_likelihood, digits = 10)
      message(sprintf("%s K=%d %s: %s (%.1f s)", spec$name, k, t, ll,
                      as.numeric(difftime(Sys.time(), clock, units = "secs"))))
    }
  }
}
order_of <- setNames(seq_along(specs), vapply(specs, function(s) s$name, ""))
key <- vapply(cells, function(c) order_of[[c$data]] * 1e4 + c$k * 10 + match(c$covariance, names(types)), 0)
cells <- cells[order(key)]
document <- list(
  tool = sprintf("R mclust %s, %s", packageVersion("mclust"), R.version.string),
  settings = list(start = "Mclust's default: hc(modelName = 'VVV', use = 'SVD') on all points",
                  tol = tol),
  cells = cells)
writeLines(toJSON(document, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), out_path)
