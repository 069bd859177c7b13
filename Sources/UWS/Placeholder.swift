enum _PlaceholderUWS {}
