// The article's worked example (its section 2, "Self-attention, six steps, on a worked
// example") and other named presets.
#pragma once
#include <string>
#include <vector>

#include "lessons/self_attention.h"

namespace vp {

struct SelfAttentionExample {
  std::vector<std::string> tokens;  // row labels: "Input 1", ...
  Mat x;                            // [3, 4]
  SelfAttentionWeights weights;     // each [4, 3]
};

// x = [[1,0,1,0],[0,2,0,2],[1,1,1,1]] and the article's W_key, W_query, W_value.
SelfAttentionExample article_example();

}  // namespace vp
