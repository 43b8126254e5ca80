#include "lessons/examples.h"

namespace vp {

SelfAttentionExample article_example() {
  SelfAttentionExample e;
  e.tokens = {"Input 1", "Input 2", "Input 3"};
  e.x = from_rows({{1, 0, 1, 0}, {0, 2, 0, 2}, {1, 1, 1, 1}});
  e.weights.w_key = from_rows({{0, 0, 1}, {1, 1, 0}, {0, 1, 0}, {1, 1, 0}});
  e.weights.w_query = from_rows({{1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 1, 1}});
  e.weights.w_value = from_rows({{0, 2, 0}, {0, 3, 0}, {1, 0, 3}, {1, 1, 0}});
  return e;
}

}  // namespace vp
