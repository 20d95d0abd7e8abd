"""Who do I ask about …: the one index of subjects, and the copy of it kept between runs."""
