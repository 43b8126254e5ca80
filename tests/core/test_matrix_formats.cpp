#include <catch2/catch.hpp>

#include <limits>

#include "formats/matrix_text.h"

TEST_CASE("matrix copy formats: JSON and NumPy literals", "[matrix_text]") {
  const vp::Mat m = vp::from_rows({{1, 0.5f}, {-2.25f, 1e-7f}});
  CHECK(vp::matrix_to_json(m) == "[[1, 0.5], [-2.25, 1e-07]]");
  CHECK(vp::matrix_to_numpy(m) == "np.array([[1, 0.5], [-2.25, 1e-07]], dtype=np.float32)");
  CHECK(vp::parse_matrix_text(vp::matrix_to_json(m)) == m);  // what we copy, we can paste back
  vp::Mat masked = vp::from_rows({{0, -std::numeric_limits<float>::infinity()}});
  CHECK(vp::matrix_to_json(masked) == "[[0, null]]");
  CHECK(vp::matrix_to_numpy(masked) == "np.array([[0, -np.inf]], dtype=np.float32)");
}
