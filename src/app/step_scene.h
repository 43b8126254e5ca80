// A scene told in numbered steps, the way the article tells it. It owns each step's title and
// draw function, so the step count is the number of steps given, and it draws the frame every
// scene shares: the heading, the stepper (a scene of one step has none), then a scrolling
// content area with the scene's own preamble and the current step. A vp::Error thrown while
// drawing the content is shown in its place (red), so one bad input never blanks the scene.
#pragma once
#include <functional>
#include <vector>

#include "app/scene.h"
#include "app/widgets/stepper.h"

namespace vp::app {

struct SceneStep {
  const char* title_en;
  const char* title_zh;          // the title is tr(title_en, title_zh), read when drawn
  std::function<void()> draw;    // the step's content
};

class StepScene : public Scene {
 public:
  StepScene(const StepScene&) = delete;  // the steps' draw functions hold `this`
  StepScene& operator=(const StepScene&) = delete;

  int step_count() const final { return static_cast<int>(steps_.size()); }
  void draw() final;

 protected:
  StepScene() = default;
  // The steps in the article's order (at least one); called once, by the scene's constructor.
  void set_steps(std::vector<SceneStep> steps) { steps_ = std::move(steps); }

  // The line above the stepper; the scene's title unless the scene says otherwise.
  virtual const char* heading_text() const { return title(); }
  // Between the stepper and the content area (options that stay put while the content
  // scrolls, a side panel); nothing by default. Errors thrown here are not caught.
  virtual void draw_header() {}
  // At the top of the content area, before the current step: an introduction, options,
  // errors; nothing by default.
  virtual void draw_preamble() {}

  // "Step 3: Scores" (translated) as a heading, for scenes that title the step they show.
  void draw_step_heading() const;
  const char* step_title(int step) const;

 private:
  std::vector<SceneStep> steps_;
  StepperState stepper_state_;
};

}  // namespace vp::app
