"""Module quizzes: the questions come from the module's front matter (`quiz:`); every
submitted attempt is kept with a frozen copy of the questions and its score."""
