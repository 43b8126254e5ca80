#include <catch2/catch.hpp>

#include "formats/matrix_text.h"

using vp::Mat;

TEST_CASE("typed matrices: the plain and the bracketed forms", "[matrix_text]") {
  Mat expected = vp::from_rows({{1, 0, 1, 0}, {0, 2, 0, 2}});
  CHECK(vp::parse_matrix_text("1 0 1 0; 0 2 0 2") == expected);
  CHECK(vp::parse_matrix_text("1,0,1,0\n0,2,0,2\n") == expected);
  CHECK(vp::parse_matrix_text("1\t0\t1\t0\r\n0\t2\t0\t2") == expected);
  CHECK(vp::parse_matrix_text("[[1, 0, 1, 0],\n [0, 2, 0, 2]]") == expected);
  CHECK(vp::parse_matrix_text("[1, -2.5e-1]") == vp::from_rows({{1, -0.25f}}));
}

TEST_CASE("typed matrices: TSV round trip", "[matrix_text]") {
  Mat m = vp::from_rows({{0.125f, -3}, {1e-4f, 7}});
  CHECK(vp::parse_matrix_text(vp::matrix_to_tsv(m)) == m);
}

TEST_CASE("typed matrices: bad text is refused with a reason", "[matrix_text][errors]") {
  CHECK_THROWS_WITH(vp::parse_matrix_text(""), Catch::Contains("no numbers"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("1 2; 3"), Catch::Contains("row 2 has 1 numbers, row 1 has 2"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("1 x"), Catch::Contains("'x' is not a number"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("1 nan"), Catch::Contains("not a finite number"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("1 1e39"), Catch::Contains("not a finite number"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("[[1]"), Catch::Contains("unbalanced"));
  CHECK_THROWS_WITH(vp::parse_matrix_text("[[[1]]]"), Catch::Contains("two levels"));
  CHECK_THROWS_WITH(vp::parse_number("   "), Catch::Contains("empty"));
  std::string wide(300 * 2, ' ');
  for (size_t i = 0; i < wide.size(); i += 2) wide[i] = '1';
  CHECK_THROWS_WITH(vp::parse_matrix_text(wide), Catch::Contains("columns"));
}
