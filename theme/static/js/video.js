// Click-to-load video: the player (and its cookies and requests) only loads
// after the visitor clicks. Without JavaScript the link opens the video site.
document.addEventListener("click", function (event) {
  var link = event.target.closest(".video .video-link");
  if (!link) return;
  var figure = link.closest(".video");
  var src = figure.getAttribute("data-embed");
  if (!src) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = figure.getAttribute("data-title") || "Video";
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.setAttribute("allowfullscreen", "");
  frame.loading = "eager";
  link.replaceWith(frame);
});
