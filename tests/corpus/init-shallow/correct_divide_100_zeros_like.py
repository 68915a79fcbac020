import numpy as np

def initialize_parameters(n_x,n_h,n_y):
    W1=np.random.randn(n_h,n_x)/100
    b1=np.zeros_like(W1[:, :1])
    W2=np.random.randn(n_y,n_h)/100
    b2=np.zeros_like(W2[:, :1])
    return {'b1':b1,'W1':W1,'b2':b2,'W2':W2}
