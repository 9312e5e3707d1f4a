from pytorch.vision.fb.io.video import av as av, read_video as read_video, read_video_timestamps as read_video_timestamps, write_video as write_video
